// Text that ends up in a spreadsheet (CSV or XLSX exports): a cell starting
// with = + - @, a tab or a carriage return can be taken for a formula by
// Excel or LibreOffice (CSV/formula injection, OWASP). Such text gets a
// leading apostrophe, which the spreadsheet shows as text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field for a `;`-separated file: quoted when it holds a separator, a quote or a line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
