// `npm run audit`: known advisories in the production dependencies
// (`npm audit --omit=dev --json`). Fails (exit 1) on a high or critical
// advisory unless audit-allowlist.json lists it with a reason. When the
// registry's audit endpoint does not answer, it says so and exits 0 (the
// dependencies were not checked, which is not a finding); with
// AUDIT_REQUIRED=1 that case fails too (exit 2).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export type Severity = 'info' | 'low' | 'moderate' | 'high' | 'critical';
const BLOCKING: ReadonlySet<Severity> = new Set(['high', 'critical']);

/** One entry of audit-allowlist.json: an advisory accepted for one package, and why. */
export interface AllowlistEntry {
  /** The advisory: its GHSA id, its URL, or npm's numeric source id. */
  advisory: string;
  package: string;
  reason: string;
}

export interface Finding {
  package: string;
  severity: Severity;
  title: string;
  url: string;
  /** npm's numeric id of the advisory. */
  source: number | undefined;
  /** The allow-list's reason, when it lists this finding. */
  allowedBecause?: string;
}

export type AuditDecision =
  | { outcome: 'unavailable'; reason: string }
  | { outcome: 'checked'; findings: Finding[]; blocking: Finding[]; unusedAllowlist: AllowlistEntry[] };

interface AdvisoryVia {
  source?: number;
  name?: string;
  title?: string;
  url?: string;
  severity?: Severity;
}

interface NpmAuditReport {
  auditReportVersion?: number;
  vulnerabilities?: Record<string, { name?: string; severity?: Severity; via?: (string | AdvisoryVia)[] }>;
  error?: { summary?: string; detail?: string };
  message?: string;
  statusCode?: number;
}

/** Checks audit-allowlist.json's shape; every entry needs an advisory, a package and a real reason. */
export function parseAllowlist(json: unknown): AllowlistEntry[] {
  const advisories = (json as { advisories?: unknown } | null)?.advisories;
  if (!Array.isArray(advisories)) throw new Error('audit-allowlist.json must hold "advisories": an array of { advisory, package, reason }');
  return advisories.map((entry: unknown, i) => {
    const e = entry as Partial<Record<keyof AllowlistEntry, unknown>>;
    for (const field of ['advisory', 'package', 'reason'] as const) {
      if (typeof e[field] !== 'string' || (e[field] as string).trim() === '') {
        throw new Error(`audit-allowlist.json, entry ${i + 1}: "${field}" is missing`);
      }
    }
    if ((e.reason as string).trim().length < 20) throw new Error(`audit-allowlist.json, entry ${i + 1}: say why the advisory does not apply (a sentence)`);
    return { advisory: e.advisory as string, package: e.package as string, reason: e.reason as string };
  });
}

function ghsaOf(url: string): string | undefined {
  return /GHSA(-[23456789cfghjmpqrvwx]{4}){3}/i.exec(url)?.[0]?.toUpperCase();
}

function matches(entry: AllowlistEntry, finding: Finding): boolean {
  if (entry.package !== finding.package) return false;
  const wanted = entry.advisory.trim();
  return (
    wanted === finding.url ||
    (finding.source !== undefined && wanted === String(finding.source)) ||
    (ghsaOf(finding.url) !== undefined && ghsaOf(wanted) === ghsaOf(finding.url))
  );
}

/**
 * The decision on npm audit's output. `stdout` is what `npm audit --json`
 * printed (a report, or an error object when the endpoint did not answer).
 */
export function decide(stdout: string, allowlist: AllowlistEntry[]): AuditDecision {
  let report: NpmAuditReport;
  try {
    report = JSON.parse(stdout) as NpmAuditReport;
  } catch {
    return { outcome: 'unavailable', reason: `npm audit printed no JSON report: ${stdout.trim().slice(0, 200) || '(nothing)'}` };
  }
  if (report.error || report.message || report.vulnerabilities === undefined) {
    const reason = [report.error?.summary, report.error?.detail, report.message].filter(Boolean).join(' ');
    return { outcome: 'unavailable', reason: reason || 'npm audit returned no vulnerabilities section' };
  }
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const [name, vulnerability] of Object.entries(report.vulnerabilities)) {
    for (const via of vulnerability.via ?? []) {
      // A string names another vulnerable package; that package's own entry carries the advisory.
      if (typeof via === 'string') continue;
      const finding: Finding = {
        package: via.name ?? vulnerability.name ?? name,
        severity: via.severity ?? vulnerability.severity ?? 'critical',
        title: via.title ?? '(no title)',
        url: via.url ?? '',
        source: via.source,
      };
      const key = `${finding.package} ${finding.source ?? finding.url}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const allowed = allowlist.find((entry) => matches(entry, finding));
      if (allowed) finding.allowedBecause = allowed.reason;
      findings.push(finding);
    }
  }
  const blocking = findings.filter((f) => BLOCKING.has(f.severity) && f.allowedBecause === undefined);
  const unusedAllowlist = allowlist.filter((entry) => !findings.some((f) => matches(entry, f)));
  return { outcome: 'checked', findings, blocking, unusedAllowlist };
}

/** The lines to print and the exit code. */
export function summarise(decision: AuditDecision, options: { required: boolean }): { lines: string[]; exitCode: number } {
  if (decision.outcome === 'unavailable') {
    return {
      lines: [
        'npm audit: NOT CHECKED. The registry\'s audit endpoint did not answer, so the production dependencies were not checked for advisories.',
        `  reason: ${decision.reason}`,
        options.required ? '  AUDIT_REQUIRED=1: failing.' : '  This is not a finding: exiting 0. Set AUDIT_REQUIRED=1 to fail in this case.',
      ],
      exitCode: options.required ? 2 : 0,
    };
  }
  const lines = [`npm audit: ${decision.findings.length} advisories in production dependencies, ${decision.blocking.length} high or critical not allowed.`];
  for (const f of decision.findings) {
    const status = f.allowedBecause !== undefined ? `allowed: ${f.allowedBecause}` : BLOCKING.has(f.severity) ? 'BLOCKING' : 'reported';
    lines.push(`  ${f.severity.padEnd(8)} ${f.package}: ${f.title} ${f.url} (${status})`);
  }
  for (const entry of decision.unusedAllowlist) {
    lines.push(`  note: audit-allowlist.json lists ${entry.advisory} for ${entry.package}, which npm audit no longer reports: remove the entry.`);
  }
  if (decision.blocking.length > 0) {
    lines.push('Update the package (npm audit fix, or a newer version), or list the advisory in audit-allowlist.json with the reason it does not apply.');
  }
  return { lines, exitCode: decision.blocking.length > 0 ? 1 : 0 };
}

function main(): void {
  const allowlist = parseAllowlist(JSON.parse(readFileSync(new URL('../audit-allowlist.json', import.meta.url), 'utf8')));
  // npm audit exits non-zero whenever it finds anything; the JSON on stdout is what counts.
  const audit = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const stdout = audit.error ? '' : audit.stdout;
  const decision = decide(stdout, allowlist);
  if (decision.outcome === 'unavailable' && audit.error) decision.reason = `npm could not be run: ${audit.error.message}`;
  const { lines, exitCode } = summarise(decision, { required: process.env.AUDIT_REQUIRED === '1' });
  for (const line of lines) console.log(line);
  process.exit(exitCode);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
