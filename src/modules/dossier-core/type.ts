// What a dossier type declares (M32): the core (lifecycle, lists, history,
// e-mails, the department's pages) reads these facts and nothing else of a
// type. A type is one folder under ./types/ and one line in ./registry.ts.
import type { DossierOutcome, DossierStatus, Prisma } from '../../generated/prisma/client.js';
import type { DocumentLines } from '../../lib/pdf-layout.js';
import type { ExportColumn } from '../../lib/table-export.js';
import type { DossierConditions } from './data.js';
import type { PrismaClient } from '../../db/client.js';
import type { FacilityScope } from '../../auth/facility-scope.js';
import type { ActingFacility } from '../../auth/current-user.js';

export type { DossierOutcome, DossierStatus };

/** What a type's offer is asked about: the acting facility, through its scope. */
export interface OfferContext {
  scope: FacilityScope;
  facility: ActingFacility;
  /** The acting facility's type (FacilityType.code). */
  facilityTypeCode: string;
  now: Date;
  /** The facility's dossiers of the theme's types (read once for the whole panel). */
  dossiers: readonly OwnDossier[];
}

/** One of the acting facility's dossiers, as the panel and the offers read them. */
export interface OwnDossier {
  id: number;
  typeCode: string;
  reference: string;
  status: DossierStatus;
  outcome: DossierOutcome | null;
  campaignId: number | null;
  campaignYear: number | null;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
}

/**
 * A dossier the acting facility can start now, as "Nieuw dossier" offers it:
 * a button that posts (creating the dossier) or a link to the type's form.
 */
export interface DossierOffer {
  /** "Aanmaken meting dagprijzen mei 2026" */
  text: string;
  method: 'post' | 'get';
  action: string;
  /** Hidden fields of a posting offer. */
  fields?: Record<string, string>;
  /** "Dien het dossier uiterlijk op 30/06/2026 in." */
  hint?: string;
}

/** Why a type offers nothing now, when the facility should know (shown under "Nieuw dossier"). */
export interface DossierOfferRefusal {
  text: string;
  refused: string;
}

/**
 * kennisname: the department takes note ("kennis genomen"); goedkeuring: the
 * department approves ("goedgekeurd") or refuses; a type with a term is
 * approved by the portal when nobody decided in time.
 */
export type DecisionKind = 'kennisname' | 'goedkeuring';

/**
 * Which submitted dossiers of a type an export holds: those of one campaign (a
 * yearly type), or every one; and, for the department's export from the
 * queue, the queue's filter as SQL (`queueConditions`), which `rows()` puts in
 * its statement as given (default: what a campaign counts as submitted,
 * CAMPAIGN_SUBMITTED), never a dossier that was not submitted once.
 */
export interface ExportSelection {
  campaignId?: number;
  conditions?: DossierConditions;
}

/**
 * A type's export (M32): its columns, in the order and with the Dutch headings
 * of the file, and its rows. The rows of the type's submitted dossiers for a
 * selection come in batches, each one keyset-paged query (never a query per
 * row), so that the CSV and XLSX writers of src/lib/table-export.ts stream any
 * number of them.
 */
export interface DossierExport<Row = unknown> {
  columns: readonly ExportColumn<Row>[];
  rows(db: PrismaClient, selection: ExportSelection, batchSize?: number): AsyncIterable<Row[]>;
}

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
  /** A dossier's title in lists: "Meting dagprijzen mei 2026", "Indexering … (DI-2026-000123)". */
  title(dossier: { campaignYear: number | null; reference: string }): string;
  /**
   * What "Nieuw dossier" offers the acting facility of this type now, if its
   * conditions hold (a campaign open, no dossier open yet, the rules of the type).
   * A type without an offer (its dossier is made another way) leaves it out.
   */
  offer?(ctx: OfferContext): Promise<DossierOffer | DossierOfferRefusal | undefined>;
  /** The startpagina has a task of the type's own (Zorgaanbod: the Excel list), so Mijn taken does not list its drafts as dossiers. */
  ownTask?: boolean;
  /** Where the facility downloads the decision letter, if not at the common facilityLetterPath. */
  letterPath?(id: number): string;
  /** The facility's page of a dossier. */
  facilityPath(id: number): string;
  /** Where the facility downloads the receipt of a submitted dossier, if the type has one. */
  receiptPath?(id: number): string;
  /** What the facility calls a dossier of the type in texts, if not "het dossier": Zorgaanbod's is "de lijst". */
  noun?: TypeNoun;
  /**
   * What an acceptance changes beyond the dossier (a price dossier writes the
   * facility's price register), in the transaction of the decision, whether a
   * person decided or the term ran out.
   */
  onAccepted?(tx: Prisma.TransactionClient, dossier: { id: number; facilityId: number; decidedAt: Date }): Promise<void>;
  /** The type's own read-only page of a dossier's content on the department's side, if it has one. */
  staffPath?(dossier: { id: number; campaignYear: number | null }): string;
  /** The title of a yearly campaign of the type: "Zorgaanbod 2026". */
  campaignTitle?(year: number): string;
  /** How the dossier's lines read in its documents (the decision letter); a type without lines leaves it out. */
  documentLines?(db: Prisma.TransactionClient, dossierId: number): Promise<DocumentLines>;
  /** The columns and rows of the type's export; a type without one is not exported. */
  export?: DossierExport;
  /** Files the facility attached to the dossier (stored_file ids, e.g. the minister's approval of a price): the department downloads them. */
  attachments?(db: Prisma.TransactionClient, dossierId: number): Promise<DossierAttachment[]>;
}

/** A word for a dossier with its article: "het dossier", "de lijst". */
export interface TypeNoun {
  word: string;
  article: 'de' | 'het';
}

export function typeNoun(type: Pick<DossierType, 'noun'>): TypeNoun {
  return type.noun ?? { word: 'dossier', article: 'het' };
}

/** What a submitted dossier is called in its e-mails: the campaign's title for a yearly type ("Zorgaanbod 2026"), else the type's name. */
export function submittedTitle(type: Pick<DossierType, 'name' | 'campaignTitle'>, campaignYear: number | null): string {
  return type.campaignTitle && campaignYear !== null ? type.campaignTitle(campaignYear) : type.name;
}

/** A type with its export's row type known, for the module that writes it with the type's columns (the campaign pages). */
export type ExportingDossierType<Row> = Omit<DossierType, 'export'> & { export: DossierExport<Row> };

export interface DossierAttachment {
  storedFileId: number;
  /** "Goedkeuring van de minister (PDF)" */
  label: string;
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

/** Where the facility downloads a dossier's decision letter, whatever its type. */
export const facilityLetterPath = (dossierId: number): string => `/dossiers/${dossierId}/beslissing.pdf`;

/** The campaign of a dossier of a campaign-bound type (its campaign_id is set whenever the type is campaign-bound). */
export function campaignOf<C>(dossier: { reference: string; campaign: C | null }): C {
  if (dossier.campaign === null) throw new Error(`dossier ${dossier.reference} of a campaign-bound type has no campaign`);
  return dossier.campaign;
}

/** The statuses in which the facility edits the dossier. */
export const EDITABLE_STATUSES: readonly DossierStatus[] = ['opmaak', 'heropend'];

/** The statuses of a dossier that was submitted and not sent back: what a campaign counts as "ingediend". */
export const SUBMITTED_STATUSES: readonly DossierStatus[] = ['ingediend', 'in_behandeling', 'afgehandeld'];

/** The statuses in which the dossier waits for the department. */
export const WAITING_STATUSES: readonly DossierStatus[] = ['ingediend', 'in_behandeling'];

/**
 * The queue's status choice (query value `alle`) of every dossier that was
 * submitted at least once, whatever its status now: ingediend, in behandeling,
 * afgehandeld and heropend (a reopened dossier was submitted before; the
 * department keeps it in view), never one still in opmaak. What Team Prijzen
 * downloads as "all submitted dossiers of a type".
 */
export const ALL_SUBMITTED = 'alle';
export const ALL_SUBMITTED_TEXT = 'Alle ingediende dossiers';

/** The queue's status filter: one status, or every submitted dossier. */
export type StatusChoice = DossierStatus | typeof ALL_SUBMITTED;
