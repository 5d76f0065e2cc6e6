// Rules more than one price dossier type applies (M34-M38).
import { brusselsDateOf } from '../../../../lib/dates.js';
import { registerAt } from '../../../prices/index.js';
import type { PriceRuleContext } from './kit.js';

/** Days between the notification (or the approval) and the day a price applies at the earliest. */
export const NOTICE_DAYS = 30;

/**
 * The names (lower case) of the supplements the facility charges now, from
 * its price register.
 */
export async function supplementNamesInRegister(ctx: PriceRuleContext): Promise<Set<string>> {
  const register = await registerAt(ctx.db, ctx.facilityId, brusselsDateOf(ctx.now));
  return new Set(register.supplements.map((s) => s.name.toLocaleLowerCase('nl-BE')));
}
