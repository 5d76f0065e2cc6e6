// M35 "Prijsmededeling voor nieuwe voorziening": a facility with a new
// erkenningsnummer sets its prices freely and notifies every kamertype and
// supplement at least 30 days before they apply. Not for a facility that
// receives the infrastructuurforfait: its prices are then not free. Both
// facts are kept by Team Prijzen on the facility's directory page and may
// change while a dossier is in opmaak, so submission checks them again.
import type { LineError } from '../../../../lib/editable-lines.js';
import type { FieldError } from '../../../../lib/form-errors.js';
import { itemKey } from '../../../prices/index.js';
import type { PriceGroupName } from './form.js';
import { priceDossierType, type PriceRuleContext } from './kit.js';
import { capacityErrors, noticeError } from './rules.js';

const NO_NEW_RECOGNITION = 'alleen een voorziening met een nieuw erkenningsnummer meldt zo haar prijzen; het Departement Zorg heeft voor uw voorziening geen nieuw erkenningsnummer geregistreerd.';
const INFRASTRUCTURE_FORFAIT = 'uw voorziening ontvangt het infrastructuurforfait: vrije prijzen zijn dan niet toegestaan.';

/** Why the facility may not notify free prices now, as the department keeps its fields; undefined when it may. */
async function facilityRefusal(ctx: PriceRuleContext): Promise<string | undefined> {
  const facility = await ctx.db.facility.findUnique({ where: { id: ctx.facilityId }, select: { newRecognitionNumber: true, receivesInfrastructureForfait: true } });
  if (!facility?.newRecognitionNumber) return NO_NEW_RECOGNITION;
  if (facility.receivesInfrastructureForfait) return INFRASTRUCTURE_FORFAIT;
  return undefined;
}

const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const nieuweVoorziening = priceDossierType({
  code: 'nieuwe-voorziening',
  name: 'Prijsmededeling voor nieuwe voorziening',
  linkText: 'Aanmaken prijsmededeling voor nieuwe voorziening',
  referencePrefix: 'NV',
  facilityTypeCodes: ['woonzorgcentrum'],
  decision: 'kennisname',
  maxOpen: 1,
  intro: [
    'Een nieuwe voorziening met een nieuw erkenningsnummer bepaalt haar prijzen vrij. U meldt ze ten minste 30 dagen voor ze van toepassing worden: elk kamertype met zijn capaciteit en prijs, en elk supplement.',
    'Ontvangt uw voorziening het infrastructuurforfait, dan zijn vrije prijzen niet toegestaan.',
  ],
  form: {
    groups: [
      {
        name: 'kamertypes',
        kind: 'kamertype',
        title: 'Kamertypes',
        hint: 'Per kamertype de naam, een beschrijving, de eenheid (per dag of per uur), de capaciteit (aantal woongelegenheden) en de prijs per bewoner in euro met twee cijfers na de komma.',
        fields: ['name', 'description', 'unit', 'capacity', 'price'],
        fromRegister: false,
        addable: true,
        units: ['dag', 'uur'],
        maxLines: 30,
      },
      {
        name: 'supplementen',
        kind: 'supplement',
        title: 'Supplementen',
        hint: 'Per supplement de naam, een beschrijving van wat de bewoner ervoor krijgt, de eenheid en de prijs in euro met twee cijfers na de komma. Rekent u geen supplementen aan, laat dan deze lijst leeg.',
        fields: ['name', 'description', 'unit', 'price'],
        fromRegister: false,
        addable: true,
        units: ['dag', 'maand', 'prestatie'],
        maxLines: 50,
        mayBeEmpty: true,
      },
    ],
    validFrom: true,
    motivation: false,
    approval: false,
  },

  startRefusal: facilityRefusal,

  async rules(ctx, { lines, facts }) {
    const lineErrors: LineError[] = [];
    const fieldErrors: FieldError[] = [];
    const refused = await facilityRefusal(ctx);
    if (refused) fieldErrors.push({ field: 'kamertypes', text: upperFirst(refused) });
    const late = noticeError(ctx.now, facts.validFrom, 'U meldt de prijzen');
    if (late) fieldErrors.push(late);
    // The register keeps one price per item and day: the same kamertype (name and description) or supplement twice is refused.
    for (const [group, kind] of [['kamertypes', 'kamertype'], ['supplementen', 'supplement']] as const satisfies readonly (readonly [PriceGroupName, 'kamertype' | 'supplement'])[]) {
      const seen = new Set<string>();
      lines
        .filter((l) => l.kind === kind)
        .forEach((line, i) => {
          const key = itemKey(line);
          if (seen.has(key)) lineErrors.push({ group, line: i, field: 'name', text: `‘${line.name}’ staat al op een vorige lijn${kind === 'kamertype' ? ' met dezelfde beschrijving' : ''}.` });
          seen.add(key);
        });
    }
    const capacity = lines.filter((l) => l.kind === 'kamertype').reduce((sum, l) => sum + (l.capacity ?? 0), 0);
    fieldErrors.push(...(await capacityErrors(ctx, capacity, (total, recognized) => `De kamertypes hebben samen ${total} woongelegenheden, meer dan de erkende capaciteit van uw voorziening (${recognized}).`)));
    return { lineErrors, fieldErrors };
  },
});
