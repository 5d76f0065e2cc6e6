// The store of rescued forms (table form_rescue): copies of forms posted after
// their session had ended, bound to the browser that posted them and to the
// person and facility it was logged in for. See form-rescue.ts for the flow.
import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '../../db/client.js';

/** How long a copy waits for its owner to log in again. */
export const RESCUE_TTL_MS = 30 * 60_000;
/** Live copies one person may have; more is not an expired session but someone filling the table. */
export const MAX_RESCUES_PER_USER = 20;

/** Who a copy belongs to: the logged-in person and the facility they acted for (null: none, e.g. staff). */
export interface RescueOwner {
  userId: number;
  facilityId: number | null;
}

export interface RescuedForm {
  /** The body as the form's own POST handler would have parsed it, without `_csrf` and without files. */
  body: Record<string, unknown>;
  /** Whether files had been chosen: they were not kept and must be chosen again. */
  hadFiles: boolean;
}

export interface FormRescueService {
  /** Keeps a copy (replacing this browser's earlier copy of the same page); false when the person has too many. */
  keep(browserKey: string, owner: RescueOwner, formPath: string, form: RescuedForm): Promise<boolean>;
  /**
   * Hands over and deletes the copy of this page kept in this browser for this
   * person and facility, if any. Another person or facility gets nothing, and
   * the copy stays for its owner until it expires.
   */
  take(browserKey: string, owner: RescueOwner, formPath: string): Promise<{ form: RescuedForm; othersLeft: boolean } | undefined>;
}

/** Only a hash of the browser's key is stored: the table alone cannot claim a copy. */
const hashKey = (browserKey: string) => createHash('sha256').update(browserKey).digest('hex');

export function createFormRescueService(prisma: PrismaClient): FormRescueService {
  const purgeExpired = () => prisma.formRescue.deleteMany({ where: { expiresAt: { lte: new Date() } } });

  return {
    async keep(browserKey, owner, formPath, form) {
      await purgeExpired();
      const key = hashKey(browserKey);
      const live = await prisma.formRescue.count({ where: { userId: owner.userId, NOT: { browserKey: key, formPath } } });
      if (live >= MAX_RESCUES_PER_USER) return false;
      const data = {
        userId: owner.userId,
        facilityId: owner.facilityId,
        fields: form.body as Prisma.InputJsonObject,
        hadFiles: form.hadFiles,
        expiresAt: new Date(Date.now() + RESCUE_TTL_MS),
      };
      await prisma.formRescue.upsert({
        where: { browserKey_formPath: { browserKey: key, formPath } },
        create: { browserKey: key, formPath, ...data },
        update: data,
      });
      return true;
    },

    async take(browserKey, owner, formPath) {
      // Expired copies are gone before the lookup: they are never handed over.
      await purgeExpired();
      const key = hashKey(browserKey);
      const row = await prisma.formRescue.findFirst({ where: { browserKey: key, formPath, userId: owner.userId, facilityId: owner.facilityId } });
      if (!row) return undefined;
      // Deleted before it is shown: used once, and a second tab racing for it gets nothing.
      const deleted = await prisma.formRescue.deleteMany({ where: { id: row.id } });
      if (deleted.count === 0) return undefined;
      const othersLeft = (await prisma.formRescue.count({ where: { browserKey: key } })) > 0;
      return { form: { body: row.fields as Record<string, unknown>, hadFiles: row.hadFiles }, othersLeft };
    },
  };
}
