// Uploaded file names come from the user's computer: only the last path
// part is kept, refused characters (src/lib/text.ts) are removed, and the
// length is capped keeping the extension, so the name is safe to show, to
// log and to send back in a Content-Disposition header.
import { removeUnsafeCharacters } from '../lib/text.js';

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
