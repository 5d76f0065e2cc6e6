// The baseline of `npm run bench:pages`: the bare framework, Express 5 and
// Nunjucks rendering a ten-row table, with no session, no database and no
// logging. Run as a child process on PORT; says "ready" on stdout.
import express from 'express';
import nunjucks from 'nunjucks';

const app = express();
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([]), { autoescape: true });
const page = nunjucks.compile(
  `<!doctype html><html lang="nl"><head><title>{{ title }}</title></head><body><h1>{{ title }}</h1>
<table><thead><tr><th>Referentienummer</th><th>Titel</th><th>Datum</th></tr></thead><tbody>
{% for row in rows %}<tr><td>{{ row.reference }}</td><td>{{ row.title }}</td><td>{{ row.date }}</td></tr>{% endfor %}
</tbody></table></body></html>`,
  env,
);
const rows = Array.from({ length: 10 }, (_, i) => ({ reference: `DZ-2026-${String(i).padStart(6, '0')}`, title: `Bericht ${i + 1}`, date: '31/05/2026' }));
app.get('/', (_req, res) => {
  res.type('html').send(page.render({ title: 'Baseline', rows }));
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
