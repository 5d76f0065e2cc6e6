// The staged contacts component as a second form (a message's Contactdetails)
// embeds it: default contacts that can be switched off, thread-only contacts,
// "Standaard contactpersoon?", another prefix, and the rendered macro.
import { describe, expect, it } from 'vitest';
import { createViewEnvironment } from '../../src/middleware/views.js';
import {
  applyStagedAction,
  readStaged,
  rebaseStaged,
  stagedFields,
  stagedRowsFrom,
  stagedView,
  validateStagedRows,
  type BaselineRow,
  type StagedOptions,
} from '../../src/modules/contacts/staged.js';

const options: StagedOptions = {
  prefix: 'threadContacts',
  askDefault: true,
  mutableDefaults: true,
  removable: 'non-default',
  reservedEmails: ['elders@voorziening.example'],
  labels: { add: 'Voeg toe', commit: 'Verzenden', heading: 'Contactdetails', email: 'E-mailadres', phone: 'Telefoonnummer' },
};
const baseline: BaselineRow[] = [
  { ref: '7', surname: 'Janssens', givenName: 'Jan', email: 'jan@voorziening.example', phone: '016 12 34 56', themes: [], isDefault: true, confirmed: true },
];
const janBaseline = baseline[0] as BaselineRow;
const janRow = () => stagedRowsFrom(baseline)[0] as ReturnType<typeof stagedRowsFrom>[number];
const piet = { surname: 'Peeters', givenName: 'Piet', email: 'piet@voorziening.example', phone: '0470 11 22 33' };
const draftBody = (d: Record<string, string>) => Object.fromEntries(Object.entries(d).map(([k, v]) => [`threadContacts[draft][${k}]`, v]));

function post(rows: ReturnType<typeof stagedRowsFrom>, action: string, extra: Record<string, unknown> = {}) {
  return readStaged({ ...stagedFields('threadContacts', rows), 'threadContacts[action]': action, 'contacts[0][email]': 'ander@formulier.example', ...extra }, options);
}

describe('staged contacts in another form', () => {
  it('reads only its own prefix: rows in page order, the pressed button and the draft', () => {
    const state = post(stagedRowsFrom(baseline), 'edit:0', draftBody({ surname: 'X' }));
    expect(state.rows).toHaveLength(1);
    expect(state.rows[0]).toMatchObject({ ref: '7', isDefault: true, email: 'jan@voorziening.example' });
    expect(state.action).toEqual({ type: 'edit', index: 0 });
    expect(state.draft.surname).toBe('X');
    expect(readStaged({ 'threadContacts[action]': 'drop tables' }, options).action).toEqual({ type: 'cancel' });
    expect(readStaged({}, options).action).toBeUndefined();
  });

  it('asks "Standaard contactpersoon?" and refuses a reserved or repeated address', () => {
    const rows = stagedRowsFrom(baseline);
    const missing = applyStagedAction(post(rows, 'add', draftBody(piet)), options);
    expect(missing.step?.errors).toEqual([{ field: 'threadContacts-draft-isDefault', text: 'Kies of dit een standaard contactpersoon is: ja of nee.' }]);
    const reserved = applyStagedAction(post(rows, 'add', draftBody({ ...piet, email: 'Elders@voorziening.example', isDefault: 'nee' })), options);
    expect(reserved.step?.errors[0]?.text).toContain('al in gebruik voor een contactpersoon van uw voorziening');
    const repeated = applyStagedAction(post(rows, 'add', draftBody({ ...piet, email: 'jan@voorziening.example', isDefault: 'nee' })), options);
    expect(repeated.step?.errors[0]?.text).toContain('al gebruikt voor een andere contactpersoon (Jan Janssens)');
    const added = applyStagedAction(post(rows, 'add', draftBody({ ...piet, isDefault: 'ja' })), options);
    expect(added.step).toBeUndefined();
    expect(added.rows[1]).toMatchObject({ ref: '', isDefault: true, email: 'piet@voorziening.example' });
    expect(added.status).toContain('Klik op ‘Verzenden’');
  });

  it('keeps the cross to thread-only contacts; a new row removed is gone at once', () => {
    const rows = [...stagedRowsFrom(baseline), { ...janRow(), ref: '', ...piet, isDefault: false }];
    expect(applyStagedAction(post(rows, 'ask-remove:0'), options).step).toBeUndefined();
    expect(applyStagedAction(post(rows, 'remove:0'), options).rows[0]?.removed).toBe(false);
    expect(applyStagedAction(post(rows, 'ask-remove:1'), options).step?.kind).toBe('remove');
    expect(applyStagedAction(post(rows, 'remove:1'), options).rows).toHaveLength(1);
  });

  it('switches a default contact off for this form only ("Moet niet op de hoogte gehouden worden")', () => {
    const state = readStaged({ ...stagedFields('threadContacts', stagedRowsFrom(baseline)), 'threadContacts[0][muted]': '1' }, options);
    expect(state.rows[0]).toMatchObject({ ref: '7', muted: true, removed: false });
    const valid = validateStagedRows(state.rows, options);
    expect(valid.ok && valid.rows[0]).toMatchObject({ ref: '7', muted: true, isDefault: true });
  });

  it('validates every row again with line errors in the one error shape', () => {
    const result = validateStagedRows([{ ...janRow(), email: 'kapot' }], options);
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          field: 'threadContacts-0-email',
          text: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@voorziening.be.',
          summaryText: 'Lijn 1, e-mail (Jan Janssens): vul een geldig e-mailadres in, bijvoorbeeld naam@voorziening.be.',
        },
      ],
    });
  });

  it('rebases pending changes on rows stored meanwhile', () => {
    const current = stagedRowsFrom([...baseline, { ...janBaseline, ref: '8', email: 'nieuw@voorziening.example' }]);
    const pending = [{ ...janRow(), phone: '016 00 00 00', changed: true }, { ...janRow(), ref: '9', removed: true }];
    const rows = rebaseStaged(pending, current);
    expect(rows.map((r) => [r.ref, r.phone, r.removed])).toEqual([
      ['7', '016 00 00 00', false],
      ['8', '016 12 34 56', false],
    ]);
  });

  it('renders the table with its own labels, the switch-off box on default rows and no cross on them', () => {
    const env = createViewEnvironment();
    const rows = [...stagedRowsFrom(baseline), { ...janRow(), ref: '', ...piet, isDefault: false }];
    const view = stagedView({ rows }, options, baseline);
    const html = env.renderString('{% from "macros/staged-contacts.njk" import stagedContacts %}{{ stagedContacts(view) }}', { view });
    expect(html).toContain('<h2 id="threadContacts-heading">Contactdetails</h2>');
    expect(html).toContain('>Voeg toe</button>');
    expect(html).toContain('>Standaard contactpersoon?</th>');
    expect(html).toContain('>Telefoonnummer</th>');
    expect(html).toContain('name="threadContacts[0][muted]" value="1"');
    expect(html).not.toContain('name="threadContacts[1][muted]"');
    expect(html).not.toContain('Verwijder Jan Janssens');
    expect(html).toContain('Verwijder Piet Peeters');
    expect(html).toContain('<span class="tag tag--pending">nieuw</span>');
    expect(html).not.toContain('Bevestigd?');
    const step = stagedView(applyStagedAction(post(rows, 'open-add'), options), options, baseline);
    const form = env.renderString('{% from "macros/staged-contacts.njk" import stagedContacts %}{{ stagedContacts(view) }}', { view: step });
    expect(form).toContain('name="threadContacts[draft][isDefault]" type="radio" value="ja"');
    expect(form).not.toContain('>Voeg toe</button>');
  });
});
