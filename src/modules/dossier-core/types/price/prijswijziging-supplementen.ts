// M37 "Prijswijziging van bestaande supplementen (bestaande voorziening)": the
// facility gives the new price of the supplements of its register that
// change. An increase needs the minister's approval, obtained outside the
// e-loket (its date, reference and PDF); a decrease needs none. Team Prijzen
// checks it against the approval: aanvaard or geweigerd.
import type { FieldError } from '../../../../lib/form-errors.js';
import { priceDossierType } from './kit.js';
import { approvalErrors, noticeErrors, registerLines } from './rules.js';
import type { PriceLine } from './form.js';

/** A line that changes the price: a new price given and other than the current one. */
export const changesPrice = (line: PriceLine): boolean => line.priceCents !== null && line.priceCents !== line.currentPriceCents;
export const raisesPrice = (line: PriceLine): boolean => changesPrice(line) && line.currentPriceCents !== null && (line.priceCents ?? 0) > line.currentPriceCents;

export const prijswijzigingSupplementen = priceDossierType({
  code: 'prijswijziging-supplementen',
  name: 'Prijswijziging van bestaande supplementen (bestaande voorziening)',
  linkText: 'Aanmaken prijswijziging van bestaande supplementen (bestaande voorziening)',
  referencePrefix: 'PS',
  facilityTypeCodes: ['woonzorgcentrum'],
  decision: 'goedkeuring',
  maxOpen: 1,
  intro: [
    'Vul de nieuwe prijs in van de supplementen die wijzigen; laat de andere leeg. Een nieuwe prijs geldt ten vroegste 30 dagen na het indienen.',
    'Een prijsverhoging heeft de voorafgaande goedkeuring van de minister nodig: vul de datum en de referentie van die goedkeuring in en voeg ze toe als PDF-bestand. Een prijsverlaging heeft geen goedkeuring nodig.',
    'Een nieuw supplement meldt u met ‘Prijsmededeling voor nieuwe supplementen (bestaande voorziening)’.',
  ],
  form: {
    groups: [
      {
        name: 'supplementen',
        kind: 'supplement',
        title: 'Supplementen',
        hint: 'Per supplement dat wijzigt de nieuwe prijs in euro met twee cijfers na de komma; laat de prijs leeg als ze niet wijzigt.',
        fields: ['price'],
        fromRegister: true,
        addable: false,
        units: ['dag', 'maand', 'prestatie'],
        maxLines: 100,
        optionalFields: ['price'],
      },
    ],
    validFrom: true,
    motivation: false,
    approval: true,
  },

  async startRefusal(ctx) {
    const lines = await registerLines(ctx, 'supplement', false);
    return lines.length === 0 ? 'uw prijzenregister heeft nog geen supplementen. Een nieuw supplement meldt u met een prijsmededeling voor nieuwe supplementen.' : undefined;
  },

  async prefill(ctx) {
    return { lines: await registerLines(ctx, 'supplement', false) };
  },

  async rules(ctx, { lines, facts }) {
    const fieldErrors: FieldError[] = [...noticeErrors(ctx, facts, 'Een prijswijziging')];
    if (!lines.some(changesPrice)) fieldErrors.push({ field: 'supplementen', text: 'Vul de nieuwe prijs in van minstens één supplement dat wijzigt.' });
    if (lines.some(raisesPrice)) fieldErrors.push(...approvalErrors(ctx, facts));
    return { lineErrors: [], fieldErrors };
  },
});
