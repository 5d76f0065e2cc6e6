// Reading the portal's HTML in tests: what a user sees, not the markup that carries it.
import { load, type CheerioAPI } from 'cheerio';

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Undoes the escaping Nunjucks and the templates apply (&amp; &quot; &#39; &#x2F; ...). */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity: string, code: string) => {
    if (code.startsWith('#x') || code.startsWith('#X')) return String.fromCodePoint(parseInt(code.slice(2), 16));
    if (code.startsWith('#')) return String.fromCodePoint(parseInt(code.slice(1), 10));
    return NAMED[code.toLowerCase()] ?? entity;
  });
}

/** The page's text as a user reads it: tags become spaces, entities are decoded, runs of white space become one space. */
export function text(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

/** The page parsed, to query it as a browser would (`$('h1').text()`), whatever the order of attributes or the white space. */
export function page(html: string): CheerioAPI {
  return load(html);
}

const squeeze = (value: string) => value.replace(/\s+/g, ' ').trim();

/** The text of each cell of the body rows of the table whose caption is `caption` (exactly, or matching it); none for an empty table (its "no data" row). */
export function rowsOf(html: string, caption: string | RegExp): string[][] {
  const $ = page(html);
  const table = $('table').filter((_, el) => {
    const shown = squeeze($(el).children('caption').text());
    return typeof caption === 'string' ? shown === caption : caption.test(shown);
  });
  if (table.length !== 1) throw new Error(`expected one table with caption ${String(caption)}, found ${table.length}`);
  return table
    .find('tbody tr')
    .filter((_, row) => $(row).children('td.table__cell--empty').length === 0)
    .toArray()
    .map((row) => $(row).children('td, th').toArray().map((cell) => squeeze($(cell).text())));
}

/** The error shown next to the field `id` (without the hidden "Fout:"), or undefined when there is none. */
export function fieldError(html: string, id: string): string | undefined {
  const $ = page(html);
  const error = $(`[id="${id}-error"]`);
  if (error.length === 0) return undefined;
  error.find('.visually-hidden').remove();
  return squeeze(error.text());
}

/** The error summary's links as "#field text", in order. */
export function errorSummary(html: string): string[] {
  const $ = page(html);
  return $('.error-summary__list a')
    .toArray()
    .map((a) => `${$(a).attr('href') ?? ''} ${squeeze($(a).text())}`);
}

/** What the form field `name` holds: an input's value, a textarea's text, or the value of a select's chosen option. */
export function fieldValue(html: string, name: string): string | undefined {
  const $ = page(html);
  const field = $(`[name="${name}"]`).first();
  if (field.length === 0) return undefined;
  if (field.is('select')) return field.find('option[selected]').attr('value');
  if (field.is('textarea')) return field.text();
  return field.attr('value');
}

/** The text of every element the selector finds, in order. */
export function textsOf(html: string, selector: string): string[] {
  const $ = page(html);
  return $(selector)
    .toArray()
    .map((el) => squeeze($(el).text()));
}
