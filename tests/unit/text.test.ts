import { describe, expect, it } from 'vitest';
import { hasUnsafeCharacters, textField } from '../../src/lib/text.js';
import { organisationDataSchema, contactSchema } from '../../src/modules/contacts/schemas.js';

const name = textField(20, { missing: 'Vul de naam in.', tooLong: 'Te lang.', unsafe: 'Niet toegelaten tekens.' });
const body = textField(200, { missing: 'Vul de tekst in.', tooLong: 'Te lang.', unsafe: 'Niet toegelaten tekens.' }, { multiline: true });

describe('free text fields', () => {
  it.each([
    ['a NUL', 'Jan\u0000'],
    ['a line feed', 'Jan\nBcc: x@evil.example'],
    ['a carriage return', 'Jan\rX'],
    ['a tab', 'Jan\tPeeters'],
    ['a right-to-left override', 'Jan\u202Etxt.exe'],
    ['a zero-width space', 'J\u200Ban'],
    ['a byte-order mark', '\uFEFFJan'],
    ['an escape', 'Jan\u001B[31m'],
  ])('refuses %s in a single-line field with a Dutch error', (_what, value) => {
    const parsed = name.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('Niet toegelaten tekens.');
  });

  it('accepts names with accents, apostrophes and hyphens, trimmed', () => {
    expect(name.parse("  Gülçin D'Hondt-Émile ")).toBe("Gülçin D'Hondt-Émile");
  });

  it('keeps line breaks in a multiline field, normalised, but refuses a NUL or a bidi override there', () => {
    expect(body.parse('Beste,\r\n\r\nDank.')).toBe('Beste,\n\nDank.');
    expect(body.safeParse('Beste\u0000').success).toBe(false);
    expect(body.safeParse('Beste \u2067x').success).toBe(false);
  });

  it('says that an empty field must be filled and a long one is too long', () => {
    expect(name.safeParse('   ').error?.issues[0]?.message).toBe('Vul de naam in.');
    expect(name.safeParse('x'.repeat(21)).error?.issues[0]?.message).toBe('Te lang.');
  });

  it('is what the contact persons and organisation forms use', () => {
    const result = contactSchema({ themes: ['prijzen'] }).safeParse({ surname: 'Peeters\u0000', givenName: 'An', email: 'an@example.be', phone: '016 12 34 56', themes: ['prijzen'] });
    expect(result.error?.issues[0]).toMatchObject({ path: ['surname'], message: expect.stringContaining('niet toegelaten') });
    const org = organisationDataSchema.safeParse({ phone: '016 12 34 56\u0000', email: 'info@example.be', website: 'https://www.example.be/\u0000' });
    expect(org.success).toBe(false);
    expect(org.error?.issues.map((i) => i.path[0])).toEqual(['phone', 'website']);
    expect(hasUnsafeCharacters('gewone tekst')).toBe(false);
  });
});
