// Hostile spreadsheets posted to the real app (issue 23): each is refused with
// a clear Dutch error or read as its few lines, nothing is stored for a
// refusal, and the portal keeps answering others while a file is being read.
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs } from '../helpers/login.js';
import { lyingEntry, manyRows, manySharedStrings, mergeBomb } from '../helpers/hostile-xlsx.js';
import { closeWorkerPools } from '../../src/lib/worker-task.js';
import { zorgaanbodCampaign2026 } from '../helpers/zorgaanbod.js';
import { text } from '../helpers/html.js';

const SOFIE = '91030521416'; // Huisartsenkring Pajottenland

const { app, db } = await createTestApp({ env: { BASE_URL: 'https://eloket.example.be' }, deps: { clock: () => new Date('2026-09-01T10:00:00Z') } });
await zorgaanbodCampaign2026(db.prisma);
const pajottenland = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '52011' } });

type Agent = ReturnType<typeof request.agent>;
let sofie: Agent;
beforeAll(async () => {
  sofie = request.agent(app);
  await loginAs(sofie, db.prisma, SOFIE);
});

async function upload(content: Buffer) {
  const page = await sofie.get('/themas/zorgaanbod/lijst');
  return sofie
    .post('/themas/zorgaanbod/lijst')
    .field('_csrf', hiddenField(page.text, '_csrf') ?? '')
    .attach('excel', content, { filename: 'huisartsen.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}
const counts = async () => ({
  files: await db.prisma.storedFile.count({ where: { facilityId: pajottenland.id } }),
  uploads: await db.prisma.zorgaanbodUpload.count({ where: { facilityId: pajottenland.id } }),
});

describe('hostile spreadsheets', () => {
  it.each([
    ['an entry that inflates far past its declared size', () => lyingEntry(24), 'te veel of te grote onderdelen'],
    ['100,000 rows', () => manyRows(100_000), 'meer dan 5.000 lijnen'],
    ['two million shared strings', () => manySharedStrings(), 'te veel of te grote onderdelen'],
  ])('refuses %s, storing nothing', async (_name, make, message) => {
    const before = await counts();
    const response = await upload(make());
    expect(response.status).toBe(400);
    expect(text(response.text)).toContain(message);
    expect(await counts()).toEqual(before);
  });

  it('reads the merge range over the whole sheet as its one line', async () => {
    const response = await upload(mergeBomb());
    expect(response.status).toBe(303);
    const report = await sofie.get(response.headers.location ?? '');
    expect(text(report.text)).toContain('De lijst bevat geen fouten');
  });

  it('keeps answering /health while a hostile file is being refused', async () => {
    const file = lyingEntry(24);
    // A cold start: the reading's thread is started (and PDF/XLSX modules loaded) off the portal's
    // loop too. With a warm thread the whole refusal takes a few hundred ms, too short to tell a
    // free loop from a blocked one on a shared machine.
    await closeWorkerPools();
    let done = false;
    const started = performance.now();
    let uploadMs = 0;
    const posted = upload(file).finally(() => {
      done = true;
      uploadMs = performance.now() - started;
    });
    const latencies: number[] = [];
    while (!done) {
      const start = performance.now();
      const health = await request(app).get('/health');
      expect(health.status).toBe(200);
      // Every request started while the upload was pending counts, also one that ends after it.
      latencies.push(performance.now() - start);
    }
    expect((await posted).status).toBe(400);
    // The reading runs in a worker thread: the portal's own loop stays free.
    // Read on the request thread instead, one /health waits about as long as
    // the whole upload (measured: 2.5 s); relative, as this machine is shared.
    expect(latencies.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...latencies)).toBeLessThan(uploadMs / 2);
  });
});
