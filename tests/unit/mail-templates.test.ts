// Every e-mail template, whatever feature adds it, ends with the department's
// privacy statement (seed 001), in its HTML and in its plain text: the
// statement lives in the two layouts, and this test renders each template.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRIVACY_STATEMENT, renderMail } from '../../src/mail/templates.js';
import { projectRoot } from '../../src/paths.js';

const templates = [...new Set(readdirSync(`${projectRoot}/views/emails`).map((file) => file.replace(/\.(html|text)\.njk$/, '')))].filter((name) => name !== 'layout');

describe('e-mail templates', () => {
  it('finds the templates', () => {
    expect(templates).toContain('notification');
  });

  it.each(templates)('%s carries the privacy statement in its HTML and its text', (template) => {
    const mail = renderMail(template, { title: 'Titel', paragraphs: ['Een alinea.'], receiptPath: '/dossiers/1/ontvangstbewijs.pdf', dossierPath: '/dossiers/1', luiken: [] }, { baseUrl: 'https://eloket.example.be', subject: 'Onderwerp' });
    expect(PRIVACY_STATEMENT).toMatch(/^Het Departement Zorg gebruikt uw persoonsgegevens overeenkomstig de verordening 2016\/679 .* Richtlijn 95\/46\/EG \(algemene verordening gegevensbescherming\)\. Meer informatie vindt u in de privacyverklaring op onze website\.$/);
    expect(mail.html).toContain(PRIVACY_STATEMENT);
    expect(mail.text).toContain(PRIVACY_STATEMENT);
  });
});
