// What the message list partial (views/messages/list.njk) shows for one list
// component: its table with a filter field on every column, its GET form and
// its "Vorige"/"Volgende" links. Every link and form keeps the other
// components' page and filters, so a bookmark or the back button restores the
// whole page.
import type { ThemeRef } from '../themes/index.js';
import { param, FILTER_FIELDS, type ListComponent, type ListQuery } from './schemas.js';
import type { MessagePage } from './service.js';

type Query = Record<string, unknown>;

interface FilterCell {
  name: string;
  id: string;
  label: string;
  value: string;
  errorMessage?: string;
  /** A select instead of a text field. */
  items?: { value: string; text: string }[];
  hint?: string;
}

export interface ListView {
  id: string;
  title: string;
  headingLevel: 2 | 3;
  action: string;
  /** The other components' state, carried by this component's GET form. */
  hidden: { name: string; value: string }[];
  head: { text: string }[];
  filters: FilterCell[];
  rows: { text: string; href?: string; classes?: string; hiddenSuffix?: string }[][];
  emptyText: string;
  pagination: { page: number; totalPages: number; previousHref?: string; nextHref?: string; label: string };
  clearHref: string;
  filtered: boolean;
  total: number;
  /** "(3 ongelezen)" beside the title; 0 shows nothing. */
  unreadTotal: number;
}

/** The string parameters of the query, in order (repeated ones once: the first). */
function stringParams(query: Query): [string, string][] {
  const result: [string, string][] = [];
  for (const [key, value] of Object.entries(query)) {
    const v = typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
    if (v !== undefined && key.length <= 40 && result.length < 40) result.push([key, v]);
  }
  return result;
}

function href(path: string, params: [string, string][]): string {
  const search = new URLSearchParams(params.filter(([, v]) => v !== '')).toString();
  return search ? `${path}?${search}` : path;
}

export function listView(options: {
  component: ListComponent;
  title: string;
  headingLevel?: 2 | 3;
  path: string;
  query: Query;
  listQuery: ListQuery;
  result: MessagePage;
  /** Themes for the thema filter; absent on a theme page (the theme is fixed). */
  themes?: ThemeRef[];
}): ListView {
  const { component, path, listQuery, result } = options;
  const own = (key: string) => key.startsWith(`${component.prefix}-`);
  const params = stringParams(options.query);
  const others = params.filter(([key]) => !own(key));
  const ownFilters = FILTER_FIELDS.map((f) => [param(component, f), listQuery.values[f]] as [string, string]);
  const pageHref = (page: number) => `${href(path, [...others, ...ownFilters, [param(component, 'pagina'), page > 1 ? String(page) : '']])}#${component.prefix}`;
  const error = (field: string) => listQuery.errors.find((e) => e.field === field)?.text;
  const cell = (field: (typeof FILTER_FIELDS)[number], label: string, extra: Partial<FilterCell> = {}): FilterCell => {
    const name = param(component, field);
    const message = error(field);
    return { name, id: `${component.prefix}-filter-${field}`, label, value: listQuery.values[field], ...(message ? { errorMessage: message } : {}), ...extra };
  };
  const both = component.direction === 'both';
  const head = [
    ...(both ? [{ text: 'In/Uit' }] : []),
    { text: 'Referentienummer' },
    ...(options.themes ? [{ text: 'Thema' }] : []),
    { text: 'Titel' },
    { text: 'Datum' },
    { text: component.counterpartLabel },
  ];
  const filters: FilterCell[] = [
    ...(both
      ? [
          cell('richting', 'Filter op richting', {
            items: [
              { value: '', text: 'Alle' },
              { value: 'in', text: 'In' },
              { value: 'uit', text: 'Uit' },
            ],
          }),
        ]
      : []),
    cell('referentienummer', 'Filter op referentienummer'),
    ...(options.themes
      ? [cell('thema', 'Filter op thema', { items: [{ value: '', text: 'Alle thema’s' }, ...options.themes.map((t) => ({ value: t.slug, text: t.name }))] })]
      : []),
    cell('titel', 'Filter op titel'),
    cell('datum', 'Filter op datum (dd/mm/jjjj)', { hint: 'dd/mm/jjjj' }),
    cell('naam', `Filter op ${component.counterpartLabel.toLowerCase()}`),
  ];
  const rows = result.rows.map((r) => {
    // An unread message: bold, and its link says so to a screen reader.
    const marked = r.unread ? { classes: 'table__cell--unread' } : {};
    return [
      ...(both ? [{ text: r.direction === 'incoming' ? 'In' : 'Uit', ...marked }] : []),
      { text: r.reference, ...marked },
      ...(options.themes ? [{ text: r.themeName, ...marked }] : []),
      { text: r.title, href: `/berichten/${r.id}`, ...marked, ...(r.unread ? { hiddenSuffix: 'ongelezen' } : {}) },
      { text: r.date, ...marked },
      { text: r.counterpart, ...marked },
    ];
  });
  const filtered = FILTER_FIELDS.some((f) => listQuery.values[f] !== '');
  return {
    id: component.prefix,
    title: options.title,
    headingLevel: options.headingLevel ?? 2,
    action: path,
    hidden: others.map(([name, value]) => ({ name, value })),
    head,
    filters,
    rows,
    emptyText: filtered ? 'Er zijn geen berichten die aan de filters voldoen.' : 'Er zijn geen berichten.',
    pagination: {
      page: result.page,
      totalPages: result.totalPages,
      ...(result.page > 1 ? { previousHref: pageHref(result.page - 1) } : {}),
      ...(result.page < result.totalPages ? { nextHref: pageHref(result.page + 1) } : {}),
      label: `Paginering ${options.title.toLowerCase()}`,
    },
    clearHref: href(path, others),
    filtered,
    total: result.total,
    unreadTotal: result.unreadTotal,
  };
}
