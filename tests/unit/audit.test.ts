// The decision of `npm run audit` (scripts/audit.ts) on npm audit's JSON,
// from files in npm's report format (endpoint-405.json as this machine's npm
// printed it); never on the network.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide, parseAllowlist, summarise, type AllowlistEntry } from '../../scripts/audit.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/npm-audit/${name}.json`, import.meta.url), 'utf8');
const reason = 'The portal never passes user input to this function (checked in src/ and its callers).';

function run(name: string, allowlist: AllowlistEntry[] = [], required = false) {
  return summarise(decide(fixture(name), allowlist), { required });
}

describe('npm run audit', () => {
  it('passes when npm audit reports nothing', () => {
    const { lines, exitCode } = run('clean');
    expect(exitCode).toBe(0);
    expect(lines[0]).toBe('npm audit: 0 advisories in production dependencies, 0 high or critical not allowed.');
  });

  it('fails on a high advisory, naming package and advisory, and only reports a low one', () => {
    const decision = decide(fixture('high-and-low'), []);
    expect(decision.outcome).toBe('checked');
    if (decision.outcome !== 'checked') return;
    expect(decision.blocking.map((f) => [f.package, f.severity, f.url])).toEqual([['path-to-regexp', 'high', 'https://github.com/advisories/GHSA-9wv6-86v2-598j']]);
    expect(decision.findings.map((f) => f.package).sort()).toEqual(['cookie', 'path-to-regexp']);
    const { lines, exitCode } = summarise(decision, { required: false });
    expect(exitCode).toBe(1);
    expect(lines.join('\n')).toContain('high     path-to-regexp: path-to-regexp outputs backtracking regular expressions https://github.com/advisories/GHSA-9wv6-86v2-598j (BLOCKING)');
    expect(lines.join('\n')).toContain('low      cookie:');
  });

  it('fails on a critical advisory', () => {
    expect(run('critical').exitCode).toBe(1);
  });

  it.each([
    ['its GHSA id', 'GHSA-9wv6-86v2-598j'],
    ['its URL', 'https://github.com/advisories/GHSA-9wv6-86v2-598j'],
    ["npm's numeric id", '1101850'],
  ])('passes when the allow-list names the advisory by %s for that package, and shows the reason', (_how, advisory) => {
    const { lines, exitCode } = run('high-and-low', [{ advisory, package: 'path-to-regexp', reason }]);
    expect(exitCode).toBe(0);
    expect(lines.join('\n')).toContain(`(allowed: ${reason})`);
  });

  it('does not let an entry for another package or another advisory allow a finding', () => {
    expect(run('high-and-low', [{ advisory: 'GHSA-9wv6-86v2-598j', package: 'express', reason }]).exitCode).toBe(1);
    expect(run('high-and-low', [{ advisory: 'GHSA-pxg6-pf52-xh8x', package: 'path-to-regexp', reason }]).exitCode).toBe(1);
  });

  it('points out an allow-list entry npm audit no longer reports', () => {
    const { lines, exitCode } = run('clean', [{ advisory: 'GHSA-fjxv-7rqg-78g4', package: 'form-data', reason }]);
    expect(exitCode).toBe(0);
    expect(lines.join('\n')).toContain('audit-allowlist.json lists GHSA-fjxv-7rqg-78g4 for form-data, which npm audit no longer reports');
  });

  it.each(['endpoint-405', 'offline'])('says clearly that nothing was checked when the audit endpoint does not answer (%s), and exits 0', (name) => {
    const decision = decide(fixture(name), []);
    expect(decision.outcome).toBe('unavailable');
    const { lines, exitCode } = summarise(decision, { required: false });
    expect(exitCode).toBe(0);
    expect(lines[0]).toMatch(/^npm audit: NOT CHECKED\./);
    expect(lines[1]).toMatch(name === 'offline' ? /ENOTFOUND/ : /405 Method Not Allowed/);
  });

  it('fails when the endpoint does not answer and AUDIT_REQUIRED=1', () => {
    expect(run('endpoint-405', [], true).exitCode).toBe(2);
  });

  it('treats output that is not JSON as not checked', () => {
    expect(decide('npm ERR! something', []).outcome).toBe('unavailable');
  });

  it('reads the allow-list of the repository, and refuses an entry without a reason', () => {
    expect(parseAllowlist(JSON.parse(readFileSync(new URL('../../audit-allowlist.json', import.meta.url), 'utf8')))).toEqual([]);
    expect(() => parseAllowlist({ advisories: [{ advisory: 'GHSA-9wv6-86v2-598j', package: 'path-to-regexp' }] })).toThrow('entry 1: "reason" is missing');
    expect(() => parseAllowlist({ advisories: [{ advisory: 'GHSA-9wv6-86v2-598j', package: 'path-to-regexp', reason: 'ok' }] })).toThrow(/say why/);
    expect(() => parseAllowlist([])).toThrow(/"advisories"/);
  });
});
