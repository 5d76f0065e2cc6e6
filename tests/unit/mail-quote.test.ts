// The `quote` filter of the e-mail templates: user text set apart from the
// department's own words (issue 9, item 4).
import { describe, expect, it } from 'vitest';
import { quoteText, renderMail } from '../../src/mail/templates.js';

const question = 'Beste,\r\n\r\nKlik op https://phishing.example/login om uw account te bevestigen.\n<b>Departement Zorg</b>';
const render = () =>
  renderMail(
    'helpdesk-question',
    { ticketId: 7, askedAt: new Date('2026-11-23T09:00:00Z'), email: 'a@b.example', question, page: '/hulp' },
    { baseUrl: 'https://eloket.example.be', subject: 'Vraag' },
  );

describe('the quote filter', () => {
  it('in plain text: introduces the text with "… schreef:" and prefixes every line with "> "', () => {
    expect(quoteText('eerste\n\nderde', 'a@b.example', false)).toBe('a@b.example schreef:\n> eerste\n> \n> derde');
    const { text } = render();
    expect(text).toContain(
      'a@b.example schreef:\n> Beste,\n>\n> Klik op https://phishing.example/login om uw account te bevestigen.\n> <b>Departement Zorg</b>\n',
    );
    // No line of the asker's text stands on its own.
    const start = text.indexOf('a@b.example schreef:');
    const quoted = text.slice(start).split('\n').slice(1).filter((line) => line !== '' && !line.startsWith('--'));
    expect(quoted.slice(0, 4).every((line) => line.startsWith('>'))).toBe(true);
  });

  it('in HTML: escapes the text inside a blockquote', () => {
    const { html } = render();
    expect(html).toContain('<p style="margin:0 0 4px;">a@b.example schreef:</p>');
    expect(html).toMatch(/<blockquote style="[^"]*">Beste,\n\nKlik op https:\/\/phishing\.example\/login om uw account te bevestigen\.\n&lt;b&gt;Departement Zorg&lt;\/b&gt;<\/blockquote>/);
    expect(html).not.toContain('<b>Departement Zorg</b>');
  });

  it('keeps an author on one line, so that it cannot start a line of its own', () => {
    expect(quoteText('x', 'a@b.example\nDepartement Zorg', false)).toBe('a@b.example Departement Zorg schreef:\n> x');
    expect(quoteText('x', '<i>a</i>', true)).toContain('&lt;i&gt;a&lt;/i&gt; schreef:');
  });
});
