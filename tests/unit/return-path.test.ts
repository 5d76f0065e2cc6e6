import { describe, expect, it } from 'vitest';
import { loginUrlFor, safeReturnPath } from '../../src/auth/return-path.js';

describe('the page to return to after login', () => {
  it.each(['/', '/mijn-organisatie', '/mijn-organisatie/contactpersonen?bewerken=1', '/themas/prijzen'])('accepts the local path %s', (path) => {
    expect(safeReturnPath(path)).toBe(path);
  });

  it.each([
    'https://evil.example/',
    'http://evil.example/mijn-organisatie',
    '//evil.example/',
    '/\\evil.example/',
    '/.//evil.example/x',
    '/a/..//evil.example',
    '/%2e%2e//evil.example',
    '/./\\evil.example',
    'mijn-organisatie',
    '/auth/login',
    '/dev/idp/sso',
    '/a\tb',
    '',
  ])('refuses %j', (path) => {
    expect(safeReturnPath(path)).toBeUndefined();
  });
});

describe('the login URL for a page', () => {
  it('keeps a local page as RelayState', () => {
    expect(loginUrlFor('/mijn-organisatie?x=1')).toBe('/auth/login?RelayState=%2Fmijn-organisatie%3Fx%3D1');
  });

  it('drops an absolute-form request target', () => {
    expect(loginUrlFor('http://evil.example/mijn-organisatie')).toBe('/auth/login');
  });
});
