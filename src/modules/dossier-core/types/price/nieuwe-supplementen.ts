// M36 "Prijsmededeling voor nieuwe supplementen (bestaande voorziening)": a new
// supplement needs no approval but is notified at least 30 days before it
// applies. A supplement the register already has is a price change (M37).
import type { LineError } from '../../../../lib/editable-lines.js';
import type { FieldError } from '../../../../lib/form-errors.js';
import { priceDossierType } from './kit.js';
import { noticeError, supplementNamesInRegister } from './rules.js';

export const nieuweSupplementen = priceDossierType({
  code: 'nieuwe-supplementen',
  name: 'Prijsmededeling voor nieuwe supplementen (bestaande voorziening)',
  linkText: 'Aanmaken prijsmededeling voor nieuwe supplementen (bestaande voorziening)',
  referencePrefix: 'NS',
  facilityTypeCodes: ['woonzorgcentrum'],
  decision: 'kennisname',
  maxOpen: 3,
  intro: [
    'Een nieuw supplement hoeft niet goedgekeurd te worden, maar u meldt het ten minste 30 dagen voor het van toepassing wordt.',
    'Wilt u de prijs van een supplement wijzigen dat u al aanrekent? Gebruik dan ‘Prijswijziging van bestaande supplementen (bestaande voorziening)’.',
  ],
  form: {
    groups: [
      {
        name: 'supplementen',
        kind: 'supplement',
        title: 'Nieuwe supplementen',
        hint: 'Per supplement de naam, een beschrijving van wat de bewoner ervoor krijgt, de eenheid en de prijs in euro met twee cijfers na de komma.',
        fields: ['name', 'description', 'unit', 'price'],
        fromRegister: false,
        addable: true,
        units: ['dag', 'maand', 'prestatie'],
        maxLines: 50,
      },
    ],
    validFrom: true,
    motivation: false,
    approval: false,
  },

  async rules(ctx, { lines, facts }) {
    const lineErrors: LineError[] = [];
    const fieldErrors: FieldError[] = [];
    const late = noticeError(ctx.now, facts.validFrom, 'Een nieuw supplement meldt u');
    if (late) fieldErrors.push(late);
    const existing = await supplementNamesInRegister(ctx);
    const seen = new Set<string>();
    lines.forEach((line, i) => {
      const key = line.name.toLocaleLowerCase('nl-BE');
      if (existing.has(key)) lineErrors.push({ group: 'supplementen', line: i, field: 'name', text: `Uw voorziening rekent ‘${line.name}’ al aan: een andere prijs meldt u met een prijswijziging van bestaande supplementen.` });
      else if (seen.has(key)) lineErrors.push({ group: 'supplementen', line: i, field: 'name', text: `‘${line.name}’ staat al op een vorige lijn.` });
      seen.add(key);
    });
    return { lineErrors, fieldErrors };
  },
});
