// The confirmation of a submission (M24), one for every dossier type: the
// theme's confirmed contacts of the facility and a copy to the submitter, in
// the transaction of the submission. The type names the dossier, its title and
// links; the type's service adds what only it knows of the content (the
// Meting's tables per Luik, the number of GPs of a Zorgaanbod list).
import type { Config } from '../../config.js';
import { enqueueMail } from '../../mail/outbox.js';
import { formatDateTime } from '../../lib/dates.js';
import { confirmationRecipients } from '../contacts/index.js';
import type { LifecycleTx } from './lifecycle.js';
import { dossierType } from './registry.js';
import { submittedTitle, typeNoun } from './type.js';

/** A table of the submitted lines: the HTML e-mail shows the cells, the text e-mail one sentence per row. */
export interface SubmissionTable {
  title: string;
  headers: { text: string; numeric?: boolean }[];
  rows: { cells: string[]; sentence: string }[];
}

export interface SubmissionMail {
  dossierId: number;
  /** The submitter; a person gets a copy. */
  actor: { userId: number | null; name: string };
  at: Date;
  /** What was submitted, after "ingediend": "met 3 huisartsen". */
  extent?: string;
  tables?: SubmissionTable[];
  /** Sentences after the tables. */
  paragraphs?: string[];
}

/** Queues the "werd ingediend" e-mail of a submitted dossier, if it has anybody to go to. */
export async function mailSubmission(tx: LifecycleTx, config: Pick<Config, 'baseUrl'>, mail: SubmissionMail): Promise<void> {
  const dossier = await tx.dossier.findUniqueOrThrow({
    where: { id: mail.dossierId },
    select: { id: true, reference: true, typeCode: true, facilityId: true, campaign: { select: { year: true } }, facility: { select: { name: true } } },
  });
  const type = dossierType(dossier.typeCode);
  const to = await confirmationRecipients(tx, dossier.facilityId, type.themeSlug, mail.actor.userId);
  if (to.length === 0) return;
  const noun = typeNoun(type);
  const title = submittedTitle(type, dossier.campaign?.year ?? null);
  const heading = `Uw ${noun.word} ${title} werd ingediend`;
  await enqueueMail(
    tx,
    {
      to,
      subject: `${heading} (${dossier.reference})`,
      template: 'dossier-submitted',
      data: {
        title: heading,
        sentence: `${mail.actor.name} heeft op ${formatDateTime(mail.at)} ${noun.article} ${noun.word} ‘${title}’ van ${dossier.facility.name} ingediend${mail.extent ? ` ${mail.extent}` : ''} (referentie ${dossier.reference}).`,
        tables: mail.tables ?? [],
        paragraphs: [...(mail.paragraphs ?? []), ...(type.termDays ? [`Beslist het Departement Zorg niet binnen ${type.termDays} dagen, dan is het dossier stilzwijgend goedgekeurd.`] : [])],
        receiptPath: type.receiptPath?.(dossier.id) ?? null,
        dossierPath: type.facilityPath(dossier.id),
        dossierLinkText: `${noun.article === 'de' ? 'De' : 'Het'} ${noun.word} in het e-loket`,
      },
      facilityId: dossier.facilityId,
      cause: { type: 'dossier', id: dossier.id },
      causedByUserId: mail.actor.userId,
    },
    config,
  );
}
