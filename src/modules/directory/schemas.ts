// The facility directory's search (M28): every filter comes from the query
// string, so a search is a link that can be bookmarked and shared.
import { z } from 'zod';
import { hasUnsafeCharacters } from '../../lib/text.js';

/** Facilities per page of the directory. */
export const PAGE_SIZE = 25;

/**
 * A free-text filter: trimmed, at most `max` characters, then normalised;
 * absent when empty or holding refused characters (or when the key is absent).
 */
const filterText = (max: number, normalise: (value: string) => string | undefined = (v) => v) =>
  z.unknown().transform((v) => {
    const text = typeof v === 'string' ? v.trim().slice(0, max) : '';
    return text === '' || hasUnsafeCharacters(text) ? undefined : normalise(text) || undefined;
  }).optional();

export const directoryFilterSchema = z.object({
  /** Any part of the name. */
  naam: filterText(100),
  /** The HCO number as eHealth shows it; "HCO-nummer: 4085" and "hco 4085" are read as 4085. */
  hco: filterText(40, (v) => v.replace(/^hco(-nummer)?:?\s*/i, '').replace(/\s/g, '').toUpperCase()),
  /** The ondernemingsnummer, with or without dots and spaces; nine digits get their leading zero. */
  kbo: filterText(20, (v) => {
    const digits = v.replace(/[\s.]/g, '');
    return /^\d{9}$/.test(digits) ? `0${digits}` : digits;
  }),
  /** A facility type's code. */
  type: filterText(64, (v) => (/^[a-z0-9-]+$/.test(v) ? v : undefined)),
  /** A postcode (four digits) or any part of the gemeente's name. */
  gemeente: filterText(100),
  pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export type DirectoryFilters = z.infer<typeof directoryFilterSchema>;

export const facilityIdSchema = z.coerce.number().int().positive().max(2_147_483_647);
