// "Ontvangstbewijs (PDF)" of a submitted Meting dagprijzen: a tagged PDF
// (real text in a logical structure, language nl-BE, a title), so that a
// screen reader reads it and the text can be searched and copied.
import { formatDateTime } from '../../lib/dates.js';
import { formatKbo } from '../../lib/identifiers.js';
import { formatMoney } from '../../lib/money.js';
import { summaryByLuik, type DossierView } from './service.js';

export interface ReceiptInput {
  dossier: DossierView;
  facility: { name: string; hcoNumber: string; enterprise: { kboNumber: string; name: string } };
}

export interface ReceiptOptions {
  /** Uncompressed content streams (tests read the text back). */
  compress?: boolean;
}

/**
 * PDFKit (about 27 MB resident once loaded) is imported on the first receipt,
 * not at start-up: most portal processes never draw one.
 */
export async function receiptPdf({ dossier, facility }: ReceiptInput, options: ReceiptOptions = {}): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const title = `Ontvangstbewijs ${dossier.campaign.title}`;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    tagged: true,
    lang: 'nl-BE',
    displayTitle: true,
    compress: options.compress ?? true,
    pdfVersion: '1.7',
    info: { Title: title, Author: 'Departement Zorg', Subject: `${dossier.reference} - ${facility.name}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  const block = (tag: string, text: string, font = 'Helvetica', size = 11) => {
    root.add(
      doc.struct(tag, {}, () => {
        doc.font(font).fontSize(size).text(text);
      }),
    );
  };
  const gap = () => doc.moveDown(0.6);

  block('H1', title, 'Helvetica-Bold', 18);
  gap();
  block('P', `Het Departement Zorg heeft uw dossier goed ontvangen. Referentie: ${dossier.reference}.`);
  gap();
  block('P', `Voorziening: ${facility.name}`);
  block('P', `HCO-nummer: ${facility.hcoNumber}`);
  block('P', `Organisatie: ${facility.enterprise.name}, KBO-nummer ${formatKbo(facility.enterprise.kboNumber)}`);
  block('P', `Campagne: ${dossier.campaign.title} (toestand op ${dossier.campaign.measurementDate})`);
  if (dossier.submittedAt) block('P', `Ingediend op ${formatDateTime(dossier.submittedAt)} (Brussel) door ${dossier.submittedBy ?? 'onbekend'}`);
  block('P', `Korting infrastructuurforfait: ${dossier.campaign.korting} euro per dag`);

  let total = 0;
  for (const luik of summaryByLuik(dossier.lines)) {
    gap();
    block('H2', luik.title, 'Helvetica-Bold', 13);
    if (luik.lines.length === 0) block('P', 'Geen lijnen.');
    const list = doc.struct('L');
    root.add(list);
    luik.lines.forEach((line, i) => {
      total += line.capaciteit;
      const prices =
        luik.luik === 2 ? `brutoprijs ${line.price} euro, nettoprijs ${line.netto ?? ''} euro per bewoner` : `prijs ${line.price} euro per bewoner`;
      const description = line.beschrijving ? ` (${line.beschrijving})` : '';
      list.add(
        doc.struct('LI', {}, () => {
          doc.font('Helvetica').fontSize(11).text(`${i + 1}. ${line.kamertype}${description}: capaciteit ${line.capaciteit}, ${prices}`);
        }),
      );
    });
    list.end();
    const luikCapacity = luik.lines.reduce((sum, l) => sum + l.capaciteit, 0);
    block('P', `Totaal Luik ${luik.luik}: ${luik.lines.length} ${luik.lines.length === 1 ? 'lijn' : 'lijnen'}, capaciteit ${luikCapacity}`);
  }
  gap();
  block('P', `Totale capaciteit (Luik 1 en Luik 2): ${total}${dossier.recognizedCapacity === null ? '' : ` van ${dossier.recognizedCapacity} erkende woongelegenheden`}`, 'Helvetica-Bold');
  gap();
  block('P', `Bedragen in euro; de nettoprijs is de brutoprijs min ${formatMoney(dossier.campaign.kortingCents)} euro.`, 'Helvetica', 9);
  root.end();
  doc.end();
  return done;
}
