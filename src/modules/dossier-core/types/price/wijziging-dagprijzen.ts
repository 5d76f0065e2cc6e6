// M38 "Wijziging van dagprijzen/uurprijzen of van capaciteit per type
// (bestaande voorziening)": per kamertype of the register a new price and/or
// capacity, or the kamertype struck off, and new kamertypes; with a
// motivation. A price increase and a new kamertype need the minister's
// approval as in M37; the capacity after the change may not exceed the
// facility's erkende capaciteit. Aanvaard or geweigerd.
import type { LineError } from '../../../../lib/editable-lines.js';
import type { FieldError } from '../../../../lib/form-errors.js';
import { isRegisterLine, type PriceLine } from './form.js';
import { priceDossierType } from './kit.js';
import { approvalErrors, capacityErrors, noticeErrors, registerLines, registerToday } from './rules.js';

const isNew = (line: PriceLine): boolean => !isRegisterLine(line);
/** A new kamertype is a change by itself: adding one and nothing else is a valid dossier. */
const changes = (line: PriceLine): boolean => isNew(line) || line.removed || line.priceCents !== line.currentPriceCents || line.capacity !== line.currentCapacity;
/**
 * What needs the minister's approval. SPEC M38 asks it "for a price increase";
 * seed 002 says nothing more. A new kamertype of an existing facility is a
 * price the facility did not charge before, so an increase from nothing: only
 * a new facility (M35) sets its prices freely, and only a new supplement (M36)
 * is exempt by name. So a new kamertype needs the approval too.
 */
const needsApproval = (line: PriceLine): boolean =>
  !line.removed && line.priceCents !== null && (isNew(line) || (line.currentPriceCents !== null && line.priceCents > line.currentPriceCents));
/** What the approval errors say needs the approval. */
function approvalLead(lines: readonly PriceLine[]): string {
  const added = lines.some((l) => isNew(l) && needsApproval(l));
  const raised = lines.some((l) => !isNew(l) && needsApproval(l));
  if (added && raised) return 'Een prijsverhoging en een nieuw kamertype hebben de goedkeuring van de minister nodig:';
  return added ? 'Een nieuw kamertype heeft de goedkeuring van de minister nodig:' : 'Een prijsverhoging heeft de goedkeuring van de minister nodig:';
}
/** A kamertype's name as the facility means it: case and spaces do not make another kamertype. */
const nameKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('nl-BE');

export const wijzigingDagprijzen = priceDossierType({
  code: 'wijziging-dagprijzen',
  name: 'Wijziging van dagprijzen/uurprijzen of van capaciteit per type (bestaande voorziening)',
  linkText: 'Aanmaken wijziging van dagprijzen/uurprijzen of van capaciteit per type (bestaande voorziening)',
  referencePrefix: 'WD',
  facilityTypeCodes: ['woonzorgcentrum'],
  decision: 'goedkeuring',
  maxOpen: 1,
  intro: [
    'Pas per kamertype de prijs en/of de capaciteit aan, schrap het kamertype, of voeg een nieuw kamertype toe. Motiveer de wijziging. De capaciteit na de wijziging mag de erkende capaciteit van uw voorziening niet overschrijden.',
    'Een prijsverhoging en een nieuw kamertype hebben de voorafgaande goedkeuring van de minister nodig: vul de datum en de referentie van die goedkeuring in en voeg ze toe als PDF-bestand.',
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
      {
        name: 'nieuwekamertypes',
        kind: 'kamertype',
        title: 'Nieuwe kamertypes',
        hint: 'Voegt u een kamertype toe dat nog niet in uw prijzenregister staat, vul dan de naam, een beschrijving, de eenheid (per dag of per uur), de capaciteit en de prijs in euro met twee cijfers na de komma in. Voegt u er geen toe, laat dan deze lijst leeg.',
        fields: ['name', 'description', 'unit', 'capacity', 'price'],
        fromRegister: false,
        addable: true,
        units: ['dag', 'uur'],
        maxLines: 30,
        mayBeEmpty: true,
      },
    ],
    validFrom: true,
    motivation: true,
    approval: true,
    approvalHint: 'Alleen voor een prijsverhoging of een nieuw kamertype, als dd/mm/jjjj.',
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
    if (!lines.some(changes)) fieldErrors.push({ field: 'kamertypes', text: 'Wijzig de prijs of de capaciteit van minstens één kamertype, schrap er een of voeg er een toe.' });
    const lineErrors = await newNameErrors(ctx, lines);
    const capacity = lines.filter((l) => !l.removed).reduce((sum, l) => sum + (l.capacity ?? 0), 0);
    fieldErrors.push(...(await capacityErrors(ctx, capacity, (total, recognized) => `De capaciteit na de wijziging (${total}) is hoger dan de erkende capaciteit van uw voorziening (${recognized}).`)));
    if (lines.some(needsApproval)) fieldErrors.push(...approvalErrors(ctx, facts, approvalLead(lines)));
    return { lineErrors, fieldErrors };
  },
});

/**
 * A new kamertype's name is not one the register has (today's register and the
 * kamertypes this dossier took from it) nor another new line's: a change of a
 * kamertype the facility has goes on its own line above, and the register keeps
 * one price per kamertype and day.
 */
async function newNameErrors(ctx: Parameters<typeof registerToday>[0], lines: readonly PriceLine[]): Promise<LineError[]> {
  const register = await registerToday(ctx);
  const existing = new Set([...register.kamertypes.map((k) => nameKey(k.name)), ...lines.filter(isRegisterLine).map((l) => nameKey(l.name))]);
  const seen = new Set<string>();
  const errors: LineError[] = [];
  lines.filter(isNew).forEach((line, i) => {
    const key = nameKey(line.name);
    if (existing.has(key)) errors.push({ group: 'nieuwekamertypes', line: i, field: 'name', text: `Uw prijzenregister heeft al een kamertype ‘${line.name}’: wijzig het bij ‘Kamertypes’ hierboven of kies een andere naam.` });
    else if (seen.has(key)) errors.push({ group: 'nieuwekamertypes', line: i, field: 'name', text: `‘${line.name}’ staat al op een vorige lijn.` });
    seen.add(key);
  });
  return errors;
}
