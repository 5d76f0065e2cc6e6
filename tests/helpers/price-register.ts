// Rows of a facility's price register (price_entry) that tests start from, keyed as the register keys them.
import { itemKey } from '../../src/modules/prices/index.js';

/** A kamertype per dag in the register from `validFrom` (default 1 January 2025), not set by a dossier. */
export function kamertypeEntry(facilityId: number, name: string, description: string, capacity: number, priceCents: number, validFrom = new Date('2025-01-01')) {
  return { facilityId, kind: 'kamertype' as const, itemKey: itemKey({ kind: 'kamertype', name, description }), name, description, unit: 'dag' as const, capacity, priceCents, validFrom };
}

/** A supplement in the register from `validFrom` (default 1 January 2025), not set by a dossier. */
export function supplementEntry(facilityId: number, name: string, unit: 'prestatie' | 'maand', priceCents: number, validFrom = new Date('2025-01-01')) {
  return { facilityId, kind: 'supplement' as const, itemKey: itemKey({ kind: 'supplement', name }), name, unit, priceCents, validFrom };
}
