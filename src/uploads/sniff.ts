// What a file is, judged by its content alone: the name and the type the
// browser declared are never trusted. Binary formats by their signature
// (file-type reads the zip directory to tell docx/xlsx/odt/ods from any other
// zip); plain text, which has no signature, by being clean text.

/** The types the portal accepts, in the order the hint names them. */
export const ACCEPTED_TYPES = [
  // `extensions`: the name endings that say this type; the first is the one a name gets when it ends otherwise.
  { label: 'pdf', mediaType: 'application/pdf', extensions: ['pdf'] },
  { label: 'docx', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  { label: 'xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  { label: 'odt', mediaType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'] },
  { label: 'ods', mediaType: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'] },
  { label: 'png', mediaType: 'image/png', extensions: ['png'] },
  { label: 'jpg', mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  { label: 'txt', mediaType: 'text/plain', extensions: ['txt'] },
  { label: 'csv', mediaType: 'text/csv', extensions: ['csv'] },
] as const;

export type AcceptedLabel = (typeof ACCEPTED_TYPES)[number]['label'];

/** "pdf, docx, xlsx, odt, ods, png, jpg, txt en csv" */
export function acceptedTypesText(labels: readonly AcceptedLabel[] = ACCEPTED_TYPES.map((t) => t.label)): string {
  return labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join(', ')} en ${labels.at(-1) ?? ''}`;
}

/** The accepted type of a stored media type ("text/plain; charset=utf-8" is txt); undefined for any other. */
export function acceptedTypeOf(mediaType: string): (typeof ACCEPTED_TYPES)[number] | undefined {
  const essence = mediaType.split(';')[0]?.trim().toLowerCase();
  return ACCEPTED_TYPES.find((t) => t.mediaType === essence);
}

export interface SniffedType {
  label: AcceptedLabel;
  /** What downloads send as Content-Type; text types name their character set. */
  mediaType: string;
}

const TEXT_EXTENSIONS: Partial<Record<string, AcceptedLabel>> = { txt: 'txt', csv: 'csv' };

// C0 controls except tab, LF and CR, DEL, and the C1 controls (which is also
// what windows-1252's five undefined bytes decode to).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

function textCharset(content: Buffer): 'utf-8' | 'windows-1252' | undefined {
  for (const charset of ['utf-8', 'windows-1252'] as const) {
    let text: string;
    try {
      text = new TextDecoder(charset, { fatal: true, ignoreBOM: false }).decode(content);
    } catch {
      continue;
    }
    return CONTROL.test(text) ? undefined : charset;
  }
  return undefined;
}

/**
 * The accepted type of a file, or undefined when it is not one of them.
 * `name` only decides between txt and csv for content that is clean text
 * (text has no signature): a text file must be named .txt or .csv.
 */
export async function sniffFileType(content: Buffer, name: string, allowed: readonly AcceptedLabel[]): Promise<SniffedType | undefined> {
  // file-type is loaded with the first upload, not at start-up.
  const { fileTypeFromBuffer } = await import('file-type');
  const detected = await fileTypeFromBuffer(content);
  if (detected) {
    const accepted = ACCEPTED_TYPES.find((t) => t.mediaType === detected.mime);
    return accepted && allowed.includes(accepted.label) ? { label: accepted.label, mediaType: accepted.mediaType } : undefined;
  }
  const label = TEXT_EXTENSIONS[/\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? ''];
  if (!label || !allowed.includes(label)) return undefined;
  const charset = textCharset(content);
  if (!charset) return undefined;
  return { label, mediaType: `${label === 'csv' ? 'text/csv' : 'text/plain'}; charset=${charset}` };
}
