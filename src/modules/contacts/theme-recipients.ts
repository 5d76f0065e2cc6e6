import type { Prisma } from '../../generated/prisma/client.js';

/** A confirmed contact person of a theme, as a success message names them. */
export interface ThemeContact {
  name: string;
  email: string;
}

/**
 * Who gets the confirmation of a submission (M24): the facility's confirmed
 * contacts of the theme, and always the submitter (a copy), so that the one
 * who pressed "Indienen" has proof even when the theme has no contact yet.
 * `db` is the facility-scoped client or transaction.
 */
export async function themeContacts(db: Prisma.TransactionClient, facilityId: number, themeSlug: string): Promise<ThemeContact[]> {
  const rows = await db.contactPerson.findMany({
    where: { facilityId, confirmedAt: { not: null }, themes: { some: { theme: { slug: themeSlug } } } },
    select: { givenName: true, surname: true, email: true },
    orderBy: [{ surname: 'asc' }, { givenName: 'asc' }, { email: 'asc' }],
  });
  return rows.map((r) => ({ name: `${r.givenName} ${r.surname}`, email: r.email }));
}

/** The addresses of a submission's confirmation: the theme's contacts plus the submitter (a person, not the portal), each once. */
export async function confirmationRecipients(db: Prisma.TransactionClient, facilityId: number, themeSlug: string, submitterId: number | null): Promise<string[]> {
  const [contacts, submitter] = await Promise.all([
    themeContacts(db, facilityId, themeSlug),
    submitterId === null ? null : db.user.findUnique({ where: { id: submitterId }, select: { email: true } }),
  ]);
  const addresses = [...contacts.map((c) => c.email), ...(submitter?.email ? [submitter.email] : [])];
  return [...new Map(addresses.map((a) => [a.toLowerCase(), a])).values()];
}
