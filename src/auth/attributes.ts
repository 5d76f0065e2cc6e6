// The SAML attributes the portal reads, defined in one place: the service
// provider parses them from assertions, the development identity provider
// writes them. A facility right travels as one value per facility, a small
// JSON object, so that HCO, KBO, type and roles stay together.
import { z } from 'zod';
import { normalizeInsz, normalizeKbo } from '../lib/identifiers.js';

export const ATTRIBUTES = {
  insz: 'urn:be:fgov:person:ssin',
  givenName: 'urn:oid:2.5.4.42',
  surname: 'urn:oid:2.5.4.4',
  email: 'urn:oid:0.9.2342.19200300.100.1.3',
  /** One value per facility for which the person holds the right "E-loket Departement Zorg". */
  facilityRight: 'urn:be:vlaanderen:zorg:eloket:facility-right',
  /** Department staff: their staff identity (personeelsnummer) and team codes. */
  staffId: 'urn:be:vlaanderen:zorg:staff-id',
  team: 'urn:be:vlaanderen:zorg:team',
} as const;

/**
 * Attributes that carry one value. An assertion with two values for one of
 * them is refused, rather than trusting whichever value comes first.
 */
export const SINGLE_VALUED_ATTRIBUTES: ReadonlySet<string> = new Set([
  ATTRIBUTES.insz,
  ATTRIBUTES.givenName,
  ATTRIBUTES.surname,
  ATTRIBUTES.email,
  ATTRIBUTES.staffId,
]);

export const facilityRightSchema = z.object({
  hco: z.string().regex(/^\d{1,20}$/),
  kbo: z.string().transform((value, ctx) => normalizeKbo(value) ?? (ctx.addIssue({ code: 'custom', message: 'invalid KBO' }), z.NEVER)),
  type: z.string().min(1).max(64),
  roles: z.array(z.string().min(1).max(200)).max(50),
});
export type FacilityRightClaim = z.infer<typeof facilityRightSchema>;

const many = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const text = z.string().trim().min(1).max(200);

const identitySchema = z.object({
  insz: z.string().transform((value, ctx) => normalizeInsz(value) ?? (ctx.addIssue({ code: 'custom', message: 'invalid INSZ' }), z.NEVER)),
  givenName: text,
  surname: text,
  email: z.email().max(254).optional(),
  facilityRights: z.array(
    z.string().transform((value, ctx) => {
      try {
        return facilityRightSchema.parse(JSON.parse(value));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'invalid facility right' });
        return z.NEVER;
      }
    }),
  ),
  staffId: z.string().trim().min(1).max(32).optional(),
  teams: z.array(z.string().trim().min(1).max(64)),
});

/** Who the identity provider says the person is, and what they may do. */
export type Identity = z.infer<typeof identitySchema>;

/** A single-valued attribute came with several values. */
export class MultipleValuesError extends Error {
  constructor(
    readonly attribute: string,
    readonly count: number,
  ) {
    super(`${attribute} must have one value, got ${count}`);
    this.name = 'MultipleValuesError';
  }
}

/**
 * Reads the attributes of a verified assertion; throws a ZodError when they are
 * incomplete or malformed, a MultipleValuesError when a single-valued one has several values.
 */
export function identityFromAttributes(attributes: Record<string, unknown>): Identity {
  for (const name of SINGLE_VALUED_ATTRIBUTES) {
    const count = many(attributes[name]).length;
    if (count > 1) throw new MultipleValuesError(name, count);
  }
  const single = (name: string) => many(attributes[name])[0];
  return identitySchema.parse({
    insz: single(ATTRIBUTES.insz),
    givenName: single(ATTRIBUTES.givenName),
    surname: single(ATTRIBUTES.surname),
    email: single(ATTRIBUTES.email),
    facilityRights: many(attributes[ATTRIBUTES.facilityRight]),
    staffId: single(ATTRIBUTES.staffId),
    teams: many(attributes[ATTRIBUTES.team]),
  });
}

/** The attribute values for an identity, as an identity provider writes them. */
export function attributesFromIdentity(identity: {
  insz: string;
  givenName: string;
  surname: string;
  email?: string;
  facilityRights: FacilityRightClaim[];
  staffId?: string;
  teams: string[];
}): [name: string, values: string[]][] {
  const entries: [string, string[]][] = [
    [ATTRIBUTES.insz, [identity.insz]],
    [ATTRIBUTES.givenName, [identity.givenName]],
    [ATTRIBUTES.surname, [identity.surname]],
  ];
  if (identity.email) entries.push([ATTRIBUTES.email, [identity.email]]);
  if (identity.facilityRights.length > 0) entries.push([ATTRIBUTES.facilityRight, identity.facilityRights.map((r) => JSON.stringify(r))]);
  if (identity.staffId) {
    entries.push([ATTRIBUTES.staffId, [identity.staffId]]);
    if (identity.teams.length > 0) entries.push([ATTRIBUTES.team, identity.teams]);
  }
  return entries;
}
