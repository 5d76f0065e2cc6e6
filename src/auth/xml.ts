// Parsing of untrusted SAML XML: a DOCTYPE (entity expansion, external
// entities) is refused before any parser sees the document.
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import xpath from 'xpath';

export class UnsafeXmlError extends Error {}

export function parseUntrustedXml(xml: string): Document {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) throw new UnsafeXmlError('XML with a DOCTYPE is refused');
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') errors.push(message);
    },
  }).parseFromString(xml, 'text/xml');
  if (errors.length > 0 || !doc.documentElement) throw new UnsafeXmlError(`malformed XML: ${errors[0] ?? 'no root element'}`);
  return doc;
}

/** Elements by local name anywhere below `node` (namespace prefixes vary between identity providers). */
export function elementsByLocalName(node: Document | Element, localName: string): Element[] {
  return xpath.select(`.//*[local-name()='${localName}']`, node as unknown as Node) as unknown as Element[];
}

/** The direct child elements of `element` with a local name. */
export function childElements(element: Element, localName: string): Element[] {
  return Array.from(element.childNodes).filter((n) => (n as Element).localName === localName) as Element[];
}
