// The dossier core (M31, M32): one lifecycle and one registry of types for
// every dossier. Other modules use it only through this file.
export { DOSSIER_TYPES, dossierType, typesOfTheme } from './registry.js';
export { campaignOf, submittedTitle, typeNoun, EDITABLE_STATUSES, facilityLetterPath, STATUS_TEXT, SUBMITTED_STATUSES, WAITING_STATUSES, outcomeText, type DecisionKind, type DossierExport, type ExportSelection, type DossierOffer, type DossierOfferRefusal, type OfferContext, type DossierOutcome, type DossierStatus, type DossierType } from './type.js';
export { correctRefused, PORTAL_ACTOR, TRANSITIONS, termEnd, termEndText, transition, type LifecycleActor, type LifecycleTx, type TransitionName, type TransitionRequest, type TransitionResult } from './lifecycle.js';
export { createHandlingService, type HandlingService } from './handling.js';
export { dossierHandlingRoutes } from './routes.js';
export { dossierHistory, type HistoryEntry } from './history.js';
export { approveExpiredTerms } from './terms.js';
export { LUIK_TITLES, luikTables, metingDagprijzen, type LuikSummary, type MetingExportLine } from './types/meting-dagprijzen.js';
export { zorgaanbod as zorgaanbodType, type ZorgaanbodExportRow } from './types/zorgaanbod.js';
export { decisionLetter, type LetterRequest } from './letter.js';
export { dossierPanel, mayEditType, roleNeeded, type DossierPanel, type RoleNeeded } from './panel.js';
export { isPriceDossierType, NEW_PRICE_DOSSIER_PATH, priceDossierPath, priceTables, PRICES_THEME, storedPriceDossier, type PriceDossierDefinition, type PriceDossierType, type PriceIndexationView, type PriceRuleContext } from './types/price/kit.js';
export { factsData, storePriceContent, formValuesOf, FIELD_LABELS, lineGroup, linesOfGroup, parseForm, readForm, UNIT_TEXT, type PriceFacts, type PriceFormSpec, type PriceFormValues, type PriceGroupSpec, type PriceLine, type PriceLineField, type PriceUnit } from './types/price/form.js';
export { indexeringLines } from './types/price/indexering.js';
export { dossierReceipt } from './receipt.js';
export { mailSubmission, type SubmissionMail, type SubmissionTable } from './submitted-mail.js';
export { campaignInfo, campaignPhase, type CampaignInfo, type CampaignPhase, type CampaignRow } from './campaign.js';
export { reopenReasonSchema } from './schemas.js';
export { markCampaignProcessed, PROCESS_BATCH, waitingInCampaign } from './kennisname.js';
export { correctRefusedRoute, sendPdf } from './facility-routes.js';
