// maskSecrets (src/mail/outbox.ts): what the department's outbox pages show of
// a body, a subject or an error, so that no page hands out a working secret link.
import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../src/mail/outbox.js';

describe('maskSecrets', () => {
  it('shows a placeholder without its nonce', () => {
    expect(maskSecrets('Klik op https://eloket.example.be/bevestigen/••••0123456789abcdef om te bevestigen.')).toBe(
      'Klik op https://eloket.example.be/bevestigen/•••• om te bevestigen.',
    );
  });

  it('hides whatever follows a secret path, also a live token or an HTML attribute', () => {
    expect(maskSecrets('<a href="https://x.example/bevestigen/abcDEF123_-xyz">Ik bevestig</a>')).toBe('<a href="https://x.example/bevestigen/••••">Ik bevestig</a>');
    expect(maskSecrets('/bevestigen/kort')).toBe('/bevestigen/••••');
  });

  it('hides other token-looking parts of links: long random runs after /, = or #', () => {
    expect(maskSecrets('https://x.example/reset?code=k9Z2x7Q4w1V8m5N3b6C0&lang=nl')).toBe('https://x.example/reset?code=••••&lang=nl');
    expect(maskSecrets('https://x.example/a/b#Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eA')).toBe('https://x.example/a/b#••••');
  });

  it('leaves ordinary paths and words alone', () => {
    const text = 'Zie https://eloket.example.be/berichten/42 en /mijn-organisatie/contactpersonen. Met vriendelijke groeten.';
    expect(maskSecrets(text)).toBe(text);
  });
});
