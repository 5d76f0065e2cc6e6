// M38 "Wijziging van dagprijzen/uurprijzen of van capaciteit per type
// (bestaande voorziening)": per kamertype of the register a new price and/or
// capacity, or the kamertype struck off; with a motivation. A price increase
// needs the minister's approval as in M37; the capacity after the change may
// not exceed the facility's erkende capaciteit. Aanvaard or geweigerd.
import type { FieldError } from '../../../../lib/form-errors.js';
import type { PriceLine } from './form.js';
import { priceDossierType } from './kit.js';
import { approvalErrors, noticeErrors, registerLines } from './rules.js';

const changes = (line: PriceLine): boolean => line.removed || line.priceCents !== line.currentPriceCents || line.capacity !== line.currentCapacity;
const raisesPrice = (line: PriceLine): boolean => !line.removed && line.priceCents !== null && line.currentPriceCents !== null && line.priceCents > line.currentPriceCents;

export const wijzigingDagprijzen = priceDossierType({
  code: 'wijziging-dagprijzen',
  name: 'Wijziging van dagprijzen/uurprijzen of van capaciteit per type (bestaande voorziening)',
  linkText: 'Aanmaken wijziging van dagprijzen/uurprijzen of van capaciteit per type (bestaande voorziening)',
  referencePrefix: 'WD',
  facilityTypeCodes: ['woonzorgcentrum'],
  decision: 'goedkeuring',
  maxOpen: 1,
  intro: [
    'Pas per kamertype de prijs en/of de capaciteit aan, of schrap het kamertype. Motiveer de wijziging. De capaciteit na de wijziging mag de erkende capaciteit van uw voorziening niet overschrijden.',
    'Een prijsverhoging heeft de voorafgaande goedkeuring van de minister nodig: vul de datum en de referentie van die goedkeuring in en voeg ze toe als PDF-bestand.',
  ],
  form: {
    groups: [
      {
        name: 'kamertypes',
        kind: 'kamertype',
        title: 'Kamertypes',
        hint: 'Per kamertype de capaciteit in woongelegenheden (een tweepersoonskamer telt voor twee) en de prijs in euro met twee cijfers na de komma. Laat ongewijzigd wat niet wijzigt.',
        fields: ['capacity', 'price', 'removed'],
        fromRegister: true,
        addable: false,
        units: ['dag', 'uur'],
        maxLines: 100,
      },
    ],
    validFrom: true,
    motivation: true,
    approval: true,
  },

  async startRefusal(ctx) {
    const lines = await registerLines(ctx, 'kamertype', true);
    return lines.length === 0 ? 'uw prijzenregister heeft nog geen kamertypes.' : undefined;
  },

  async prefill(ctx) {
    return { lines: await registerLines(ctx, 'kamertype', true) };
  },

  async rules(ctx, { lines, facts }) {
    const fieldErrors: FieldError[] = [...noticeErrors(ctx, facts, 'Een wijziging van de dagprijzen')];
    if (!lines.some(changes)) fieldErrors.push({ field: 'kamertypes', text: 'Wijzig de prijs of de capaciteit van minstens één kamertype, of schrap er een.' });
    const facility = await ctx.db.facility.findFirst({ where: { id: ctx.facilityId }, select: { recognizedCapacity: true } });
    const total = lines.filter((l) => !l.removed).reduce((sum, l) => sum + (l.capacity ?? 0), 0);
    if (facility?.recognizedCapacity != null && total > facility.recognizedCapacity) {
      fieldErrors.push({ field: 'kamertypes', text: `De capaciteit na de wijziging (${total}) is hoger dan de erkende capaciteit van uw voorziening (${facility.recognizedCapacity}).` });
    }
    if (lines.some(raisesPrice)) fieldErrors.push(...approvalErrors(ctx, facts));
    return { lineErrors: [], fieldErrors };
  },
});
