// The load loop the page benchmarks share: a page of the running portal,
// called by a logged-in session, first checked and warmed up, then asked
// `requests` times by `concurrency` clients at once (autocannon, the
// session's cookie). Returns the latencies' p50 and p95 (ms) and the
// requests per second, and the checked page's HTML for the caller's sanity
// checks. Any non-2xx answer or error fails the run: a fast 500 is no figure.
import { loadavg } from 'node:os';
import autocannon from 'autocannon';

export async function measurePage(session, base, path, { concurrency = 4, requests = 1_000, warmup = 50 } = {}) {
  const check = await session.call(path);
  const html = await check.text();
  if (check.status !== 200) throw new Error(`${path} answered ${check.status}`);
  for (let i = 0; i < warmup; i++) await (await session.call(path)).arrayBuffer();
  const latencies = [];
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon({ url: `${base}${path}`, connections: concurrency, amount: requests, headers: { cookie: session.cookie() } }, (error, outcome) =>
      error ? reject(error) : resolve(outcome),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${path}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  latencies.sort((a, b) => a - b);
  return { html, p50: percentile(latencies, 50), p95: percentile(latencies, 95), perSecond: Math.round(latencies.length / result.duration) };
}

/** "1.52 1.31 0.98": the machine's load averages (1, 5, 15 min); on a shared machine part of every figure. */
export const loadAverage = () => loadavg().map((n) => n.toFixed(2)).join(' ');

/** The p-th percentile of ascending milliseconds, one decimal. */
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
