// The Dutch texts of the upload pipeline: every rejection names the file and
// says what to do.
import { acceptedTypesText, type AcceptedLabel } from './sniff.js';

const MB = 1024 * 1024;
const number = new Intl.NumberFormat('nl-BE', { maximumFractionDigits: 1 });

/** "10 MB", "2,5 MB", "120 kB" (at least 1 kB: an upload is never shown as 0). */
export function formatFileSize(bytes: number): string {
  if (bytes >= MB) return `${number.format(Math.round((bytes / MB) * 10) / 10)} MB`;
  return `${Math.max(1, Math.ceil(bytes / 1024))} kB`;
}

const quoted = (names: string[]) => names.map((n) => `‘${n}’`).join(', ');

export const uploadTexts = {
  notAccepted: (name: string, types: readonly AcceptedLabel[]) =>
    types.length === 1
      ? `Het bestand ‘${name}’ is geen toegelaten type. Toegelaten is ${acceptedTypesText(types)}. Kies een ander bestand of bewaar het eerst als ${acceptedTypesText(types)}.`
      : `Het bestand ‘${name}’ is geen toegelaten type. Toegelaten zijn ${acceptedTypesText(types)}. Kies een ander bestand of bewaar het eerst in een van die formaten.`,
  empty: (name: string) => `Het bestand ‘${name}’ is leeg. Kies het juiste bestand.`,
  tooLarge: (name: string, maxFileBytes: number) =>
    `Het bestand ‘${name}’ is groter dan ${formatFileSize(maxFileBytes)}. Verklein het bestand of verdeel de inhoud over meerdere bestanden.`,
  tooMany: (maxFiles: number, refused: string[]) =>
    `U kunt hoogstens ${maxFiles} bestanden toevoegen.${refused.length ? ` Niet toegevoegd: ${quoted(refused)}.` : ''} Verwijder eerst een ander bestand als u dit bestand toch wilt meesturen.`,
  tooMuchTogether: (maxTotalBytes: number, refused: string[]) =>
    `Samen zijn de bestanden groter dan ${formatFileSize(maxTotalBytes)}.${refused.length ? ` Niet toegevoegd: ${quoted(refused)}.` : ''} Voeg kleinere bestanden toe of verwijder een ander bestand.`,
  keptUnavailable: 'Een eerder toegevoegd bestand is niet meer beschikbaar (het werd te lang geleden toegevoegd). Voeg het opnieuw toe.',
  tooManyParts: (maxFiles: number) => `Het formulier bevat te veel velden of bestanden. Voeg hoogstens ${maxFiles} bestanden toe en verstuur het formulier opnieuw.`,
  fieldTooLong: 'Een van de ingevulde teksten is te lang. Maak de tekst korter en verstuur het formulier opnieuw.',
  unexpected: 'Het formulier bevat een bestand op een onverwachte plaats. Laad de pagina opnieuw en voeg de bestanden opnieuw toe.',
};

/** The hint under a file field: what may be added. */
export function uploadHint(limits: { maxFiles: number; maxFileBytes: number; maxTotalBytes: number }, types: readonly AcceptedLabel[]): string {
  if (limits.maxFiles === 1) return `Eén bestand van hoogstens ${formatFileSize(limits.maxFileBytes)}. Toegelaten ${types.length === 1 ? 'is' : 'zijn'} ${acceptedTypesText(types)}.`;
  return `Hoogstens ${limits.maxFiles} bestanden van elk hoogstens ${formatFileSize(limits.maxFileBytes)}, samen hoogstens ${formatFileSize(limits.maxTotalBytes)}. Toegelaten zijn ${acceptedTypesText(types)}.`;
}
