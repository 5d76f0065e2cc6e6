// The facility directory's search (M28): every filter comes from the query
// string, so a search is a link that can be bookmarked and shared.
import { z } from 'zod';
import { parseDate } from '../../lib/dates.js';
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

/**
 * The facility's fields the price dossiers' rules read (M35), as Team Prijzen
 * keeps them: a new erkenningsnummer with the day it was granted (both or
 * neither), and whether the facility receives the infrastructuurforfait.
 */
export const priceFieldsSchema = z
  .object({
    erkenningsnummer: z
      .string()
      .optional()
      .transform((v) => (v ?? '').trim())
      .pipe(
        z
          .string()
          .max(30, { error: 'Gebruik hoogstens 30 tekens voor het erkenningsnummer.' })
          .regex(/^[\p{L}\d ./-]*$/u, { error: 'Gebruik voor het erkenningsnummer alleen letters, cijfers, spaties, punten, streepjes en schuine strepen.' }),
      ),
    erkenningsdatum: z
      .string()
      .optional()
      .transform((v) => (v ?? '').trim()),
    infrastructuurforfait: z.literal('ja', { error: 'Vink het vakje aan of laat het leeg.' }).optional(),
  })
  .transform((v, ctx) => {
    const date = v.erkenningsdatum === '' ? undefined : parseDate(v.erkenningsdatum);
    if (v.erkenningsdatum !== '' && !date) ctx.addIssue({ code: 'custom', path: ['erkenningsdatum'], message: 'Vul de datum van de erkenning in als dd/mm/jjjj, bijvoorbeeld 01/03/2027.' });
    else if (v.erkenningsnummer !== '' && !date) ctx.addIssue({ code: 'custom', path: ['erkenningsdatum'], message: 'Vul de datum in waarop het nieuwe erkenningsnummer toegekend werd.' });
    else if (v.erkenningsnummer === '' && date) ctx.addIssue({ code: 'custom', path: ['erkenningsnummer'], message: 'Vul het nieuwe erkenningsnummer in, of maak de datum leeg.' });
    return {
      newRecognitionNumber: v.erkenningsnummer === '' ? null : v.erkenningsnummer,
      newRecognitionDate: v.erkenningsnummer === '' ? null : (date ?? null),
      receivesInfrastructureForfait: v.infrastructuurforfait === 'ja',
    };
  });

export type PriceFields = z.infer<typeof priceFieldsSchema>;
