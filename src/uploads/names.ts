// Uploaded file names come from the user's computer: only the last path
// part is kept, refused characters (src/lib/text.ts) are removed, and the
// length is capped keeping the extension, so the name is safe to show, to
// log and to send back in a Content-Disposition header.
import { removeUnsafeCharacters } from '../lib/text.js';
import { acceptedTypeOf } from './sniff.js';

export const MAX_FILE_NAME_LENGTH = 200;

/** The name to store and show; `fallback` (e.g. "bestand.pdf") when nothing is left. */
export function sanitizeFileName(raw: string, fallback: string): string {
  const lastPart = raw.split(/[/\\]/).pop() ?? '';
  // Trailing dots and spaces are dropped by Windows when saving; leading dots would hide the file.
  const cleaned = removeUnsafeCharacters(lastPart.normalize('NFC')).trim().replace(/^[.\s]+|[.\s]+$/g, '');
  if (cleaned === '') return fallback;
  const characters = [...cleaned];
  if (characters.length <= MAX_FILE_NAME_LENGTH) return cleaned;
  const extension = /\.[^.\s]{1,10}$/.exec(cleaned)?.[0] ?? '';
  return `${characters.slice(0, MAX_FILE_NAME_LENGTH - extension.length).join('').trimEnd()}${extension}`;
}

/**
 * The name a file is stored and downloaded under: its extension must say what
 * its content is, because the staff member's computer opens a download by its
 * extension, not by the type the portal judged (a PDF/HTA polyglot named
 * `factuur.pdf.hta` would run as an HTML application). A name already ending
 * in an extension of the type (any case; `.jpeg` for jpg) is kept; any other
 * gets the type's extension appended, so nothing the user typed is lost:
 * `factuur.pdf.hta` becomes `factuur.pdf.hta.pdf`. A name of a type the
 * portal does not accept (none is stored) is left as it is.
 */
export function nameMatchingContent(name: string, mediaType: string): string {
  const type = acceptedTypeOf(mediaType);
  if (!type) return name;
  const extension = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
  if (extension !== undefined && (type.extensions as readonly string[]).includes(extension)) return name;
  const suffix = `.${type.extensions[0]}`;
  const characters = [...name];
  const stem = characters.length + suffix.length > MAX_FILE_NAME_LENGTH ? characters.slice(0, MAX_FILE_NAME_LENGTH - suffix.length).join('').trimEnd() : name;
  return `${stem}${suffix}`;
}
