import { describe, expect, it } from 'vitest';
import { createViewEnvironment } from '../../src/middleware/views.js';

const env = createViewEnvironment();
const render = (macroFile: string, macro: string, params: object) =>
  env.renderString(`{% from "macros/${macroFile}" import ${macro} %}{{ ${macro}(params) }}`, { params }).replace(/\s+/g, ' ');

describe('form macros', () => {
  it('renders a text field with its label, value and an error linked to the field', () => {
    const html = render('text-field.njk', 'textField', {
      name: 'email',
      label: 'E-mailadres',
      hint: 'Bijvoorbeeld naam@voorziening.be',
      value: 'geen-adres',
      errorMessage: 'Vul een geldig e-mailadres in.',
    });
    expect(html).toContain('<label class="label" for="email">E-mailadres</label>');
    expect(html).toContain('value="geen-adres"');
    expect(html).toContain('aria-describedby="email-hint email-error"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('<p class="error-message" id="email-error"><span class="visually-hidden">Fout:</span> Vul een geldig e-mailadres in.</p>');
  });

  it('escapes typed values', () => {
    const html = render('text-field.njk', 'textField', { name: 'naam', label: 'Naam', value: '"><script>alert(1)</script>' });
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('keeps a value of 0 and omits an absent one', () => {
    expect(render('text-field.njk', 'textField', { name: 'n', label: 'N', value: 0 })).toContain('value="0"');
    expect(render('text-field.njk', 'textField', { name: 'n', label: 'N' })).not.toContain('value=');
  });

  it('selects the chosen option', () => {
    const html = render('select.njk', 'select', {
      name: 'kamertype',
      label: 'Kamertype',
      value: 'tweepersoonskamer',
      items: [
        { value: 'eenpersoonskamer', text: 'Éénpersoonskamer' },
        { value: 'tweepersoonskamer', text: 'Tweepersoonskamer' },
      ],
    });
    expect(html).toContain('<option value="tweepersoonskamer" selected>Tweepersoonskamer</option>');
    expect(html).toContain('<option value="eenpersoonskamer">Éénpersoonskamer</option>');
  });

  it('checks the chosen checkboxes inside a fieldset with a legend', () => {
    const html = render('checkboxes.njk', 'checkboxes', {
      name: 'themas',
      legend: "Thema's",
      values: ['prijzen'],
      items: [
        { value: 'prijzen', text: 'Prijzen' },
        { value: 'kwaliteit', text: 'Kwaliteit' },
      ],
    });
    expect(html).toContain('<legend class="fieldset__legend">Thema&#39;s</legend>');
    expect(html).toMatch(/value="prijzen" checked>/);
    expect(html).toMatch(/value="kwaliteit">/);
  });

  it('lists errors in a summary with links to the fields, and renders nothing without errors', () => {
    const html = render('error-summary.njk', 'errorSummary', { errors: [{ href: '#email', text: 'Vul een geldig e-mailadres in.' }] });
    expect(html).toContain('<h2 class="error-summary__title" id="error-summary-title">Er is een probleem</h2>');
    expect(html).toContain('<a href="#email">Vul een geldig e-mailadres in.</a>');
    expect(render('error-summary.njk', 'errorSummary', { errors: [] }).trim()).toBe('');
  });

  it('renders a table with a header row, escaped cells and an empty state', () => {
    const html = render('table.njk', 'table', {
      caption: 'Contactpersonen',
      head: [{ text: 'Naam' }, { text: 'E-mail' }],
      rows: [[{ text: 'Peeters & Co' }, { text: 'an@x.be' }]],
    });
    expect(html).toContain('<caption class="table__caption">Contactpersonen</caption>');
    expect(html).toContain('<th scope="col" class="table__header">Naam</th>');
    expect(html).toContain('<td class="table__cell">Peeters &amp; Co</td>');
    const empty = render('table.njk', 'table', { head: [{ text: 'Naam' }], rows: [], emptyText: 'Nog geen contactpersonen.' });
    expect(empty).toContain('colspan="1">Nog geen contactpersonen.</td>');
  });

  it('pages with Vorige and Volgende, and shows nothing for a single page', () => {
    const html = render('pagination.njk', 'pagination', { page: 2, totalPages: 3, previousHref: '?pagina=1', nextHref: '?pagina=3' });
    expect(html).toContain('<a class="pagination__link" href="?pagina=1" rel="prev">Vorige</a>');
    expect(html).toContain('Pagina 2 van 3');
    expect(html).toContain('<a class="pagination__link" href="?pagina=3" rel="next">Volgende</a>');
    expect(render('pagination.njk', 'pagination', { page: 1, totalPages: 1 }).trim()).toBe('');
  });

  it('renders buttons and links styled as buttons', () => {
    expect(render('button.njk', 'button', { text: 'Bewaren' })).toContain('<button class="button" type="submit">Bewaren</button>');
    expect(render('button.njk', 'button', { text: 'Bewerken', href: '/mijn-organisatie?bewerken=1', variant: 'secondary' })).toContain(
      '<a class="button button--secondary" href="/mijn-organisatie?bewerken=1" role="button" draggable="false">Bewerken</a>',
    );
  });
});

describe('the file field', () => {
  const field = {
    name: 'bijlagen',
    id: 'bijlagen',
    keptName: 'bijlagenKept',
    hint: 'Hoogstens 10 bestanden.',
    accept: '.pdf,.png',
    kept: [{ id: 7, name: 'verslag "1".pdf', mediaType: 'application/pdf', size: 123_000 }],
  };

  it('lists the files kept from an earlier attempt as checked checkboxes carrying their ids', () => {
    const html = render('file-field.njk', 'fileField', { field, label: 'Bijlagen' });
    expect(html).toContain('<legend class="fieldset__legend">Al toegevoegd</legend>');
    expect(html).toContain('name="bijlagenKept" type="checkbox" value="7" checked>');
    expect(html).toContain('verslag &quot;1&quot;.pdf (121 kB)');
    expect(html).toContain('<input class="file-upload" id="bijlagen" name="bijlagen" type="file" multiple accept=".pdf,.png" aria-describedby="bijlagen-hint">');
  });

  it('shows its error next to the field, linked for screen readers', () => {
    const html = render('file-field.njk', 'fileField', { field: { ...field, kept: [] }, label: 'Bijlagen', errorMessage: 'Het bestand ‘x.exe’ is geen toegelaten type.' });
    expect(html).toContain('aria-describedby="bijlagen-hint bijlagen-error" aria-invalid="true"');
    expect(html).toContain('<p class="error-message" id="bijlagen-error"><span class="visually-hidden">Fout:</span> Het bestand ‘x.exe’ is geen toegelaten type.</p>');
    expect(html).not.toContain('Al toegevoegd');
  });
});
