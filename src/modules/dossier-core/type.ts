// What a dossier type declares (M32): the core (lifecycle, lists, history,
// e-mails, the department's pages) reads these facts and nothing else of a
// type. A type is one folder under ./types/ and one line in ./registry.ts.
import type { DossierOutcome, DossierStatus, Prisma } from '../../generated/prisma/client.js';
import type { DocumentLines } from '../../lib/pdf-layout.js';

export type { DossierOutcome, DossierStatus };

/**
 * kennisname: the department takes note ("kennis genomen"); goedkeuring: the
 * department approves ("goedgekeurd") or refuses; a type with a term is
 * approved by the portal when nobody decided in time.
 */
export type DecisionKind = 'kennisname' | 'goedkeuring';

export interface DossierType {
  /** Stored in dossier.type_code; never changes once dossiers exist. */
  code: string;
  /** "Meting dagprijzen": the type's name in lists and e-mails. */
  name: string;
  /** The slug of the theme the type belongs to (Theme.slug); its team handles it. */
  themeSlug: string;
  /** The facility types (FacilityType.code) that may file it. */
  facilityTypeCodes: readonly string[];
  /** Whether dossiers belong to a yearly campaign (a window and a deadline) or can be started at any time. */
  campaignBound: boolean;
  /** How many dossiers of the type a facility may have open (not afgehandeld) at once. */
  maxOpen: number;
  /** The eHealth role a facility user needs to edit and submit, if the type has one. */
  editRole?: string;
  decision: DecisionKind;
  /** Stilzwijgende goedkeuring: calendar days after submission (Europe/Brussels), if the type has a term. */
  termDays?: number;
  /** The facility's page of a dossier. */
  facilityPath(id: number): string;
  /** The type's own read-only page of a dossier's content on the department's side, if it has one. */
  staffPath?(dossier: { id: number; campaignYear: number | null }): string;
  /** The title of a yearly campaign of the type: "Zorgaanbod 2026". */
  campaignTitle?(year: number): string;
  /** How the dossier's lines read in its documents (the decision letter); a type without lines leaves it out. */
  documentLines?(db: Prisma.TransactionClient, dossierId: number): Promise<DocumentLines>;
}

/** The word for an outcome of a type's decision, as the facility and the department read it. */
export function outcomeText(type: Pick<DossierType, 'decision'>, outcome: DossierOutcome): string {
  if (outcome === 'geweigerd') return 'geweigerd';
  return type.decision === 'kennisname' ? 'kennis genomen' : 'goedgekeurd';
}

export const STATUS_TEXT: Record<DossierStatus, string> = {
  opmaak: 'in opmaak',
  ingediend: 'ingediend',
  in_behandeling: 'in behandeling',
  afgehandeld: 'afgehandeld',
  heropend: 'heropend',
};

/** The statuses in which the facility edits the dossier. */
export const EDITABLE_STATUSES: readonly DossierStatus[] = ['opmaak', 'heropend'];

/** The statuses of a dossier that was submitted and not sent back: what a campaign counts as "ingediend". */
export const SUBMITTED_STATUSES: readonly DossierStatus[] = ['ingediend', 'in_behandeling', 'afgehandeld'];

/** The statuses in which the dossier waits for the department. */
export const WAITING_STATUSES: readonly DossierStatus[] = ['ingediend', 'in_behandeling'];
