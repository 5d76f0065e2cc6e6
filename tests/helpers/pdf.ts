// Reading the portal's PDFs back in tests (the receipt, the decision letter).
import { inflateSync } from 'node:zlib';
import type request from 'supertest';

/** A supertest parser that keeps the body as bytes: `.buffer(true).parse(binary)`. */
export const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

// WinAnsi is Latin-1 but for 0x80-0x9F; Node 20's TextDecoder('windows-1252') decodes as Latin-1, so the few the portal writes are mapped here.
const WIN_ANSI: Record<number, string> = { 0x80: '€', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—' };
const winAnsi = (bytes: Buffer) => [...bytes].map((b) => WIN_ANSI[b] ?? String.fromCharCode(b)).join('');

/** The text of a PDF: its content streams inflated, the strings of the text operators decoded (PDFKit's standard fonts use WinAnsi). */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const parts: string[] = [];
  const streams = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    const data = Buffer.from(m[1] ?? '', 'latin1');
    let content: string;
    try {
      content = inflateSync(data).toString('latin1');
    } catch {
      content = data.toString('latin1');
    }
    for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const hex = [...(tj[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1] ?? '').join('');
      parts.push(winAnsi(Buffer.from(hex, 'hex')));
    }
  }
  // A line that pdfkit wrapped ends with its space.
  return parts.join('\n').replace(/ \n/g, ' ');
}
