// The all-facility register exports (M33), CSV and XLSX, with the campaign
// exports' conventions (src/lib/table-export.ts).
import type { ExportColumn } from '../../lib/table-export.js';
import { UNIT_TEXT } from './schemas.js';
import type { ExportLine, PriceSource } from './service.js';

/** "MD-2025-004085 (volgens meting dagprijzen 2025)", or the dossier's reference. */
export function sourceText(source: PriceSource): string {
  if (source.kind === 'meting') return `volgens meting dagprijzen ${source.year} (${source.reference})`;
  return source.kind === 'dossier' ? source.reference : '';
}

export const REGISTER_COLUMNS: readonly ExportColumn<ExportLine>[] = [
  { header: 'Voorziening', kind: 'text', value: (l) => l.facilityName, width: 32 },
  { header: 'HCO-nummer', kind: 'text', value: (l) => l.hcoNumber, width: 12 },
  { header: 'Soort', kind: 'text', value: (l) => (l.item.kind === 'kamertype' ? 'Kamertype' : 'Supplement'), width: 12 },
  { header: 'Naam', kind: 'text', value: (l) => l.item.name, width: 26 },
  { header: 'Beschrijving', kind: 'text', value: (l) => l.item.description, width: 36 },
  { header: 'Capaciteit', kind: 'integer', value: (l) => l.item.capacity, width: 10 },
  { header: 'Eenheid', kind: 'text', value: (l) => UNIT_TEXT[l.item.unit], width: 14 },
  { header: 'Prijs per bewoner', kind: 'money', value: (l) => l.item.priceCents, width: 14 },
  { header: 'Ingangsdatum', kind: 'date', value: (l) => l.item.validFrom, width: 12 },
  { header: 'Bron', kind: 'text', value: (l) => sourceText(l.item.source), width: 40 },
];
