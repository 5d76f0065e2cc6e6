// The facility block of the department's documents (pdf-layout.ts), formatted
// on the main thread: the drawing's worker imports nothing of the portal.
import { formatKbo } from './identifiers.js';
import type { DocumentFacility } from './pdf-layout.js';

/** The columns a document reads of a facility (and its enterprise). */
export const DOCUMENT_FACILITY_SELECT = {
  name: true,
  hcoNumber: true,
  street: true,
  postalCode: true,
  municipality: true,
  enterprise: { select: { kboNumber: true, name: true } },
} as const;

export interface FacilityForDocument {
  name: string;
  hcoNumber: string;
  street: string;
  postalCode: string;
  municipality: string;
  enterprise: { kboNumber: string; name: string };
}

export function documentFacility(facility: FacilityForDocument): DocumentFacility {
  const address = [facility.street, [facility.postalCode, facility.municipality].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return {
    name: facility.name,
    hcoNumber: facility.hcoNumber,
    kboNumber: formatKbo(facility.enterprise.kboNumber),
    enterpriseName: facility.enterprise.name,
    address: address || null,
  };
}
