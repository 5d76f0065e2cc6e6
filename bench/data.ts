// npm run bench:data — the benchmark data set of the Berichtenmodule in a
// database of its own: an embedded PostgreSQL under BENCH_DATA_DIR (default
// ./.bench-data, laid out as ELOKET_DATA_DIR, so `BENCH_DATA_DIR=... npm run
// bench:pages` serves it), with the migrations, the reference and demo data,
// then 5,000 facilities and 1,000,000 messages (BENCH_FACILITIES,
// BENCH_MESSAGES). WZC Sint-Jozef, the benchmark user's facility, gets a larger
// share (BENCH_HEAVY_MESSAGES, default 5,000) and a thread of 20 messages.
import { resolve } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { openDatabaseServer, migrate } from '../src/db/database.js';
import { createDatabaseClients } from '../src/db/client.js';
import { isEmpty, seedDemoData, seedReferenceData } from '../src/db/seed.js';
import { generateBenchData } from './generate.js';

const dataDir = resolve(process.env.BENCH_DATA_DIR ?? '.bench-data');
const config = loadConfig({ NODE_ENV: 'development', ELOKET_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
const logger = createLogger({ level: 'warn' });
const database = await openDatabaseServer(config, logger);
const clients = createDatabaseClients(database.url, { max: 2 });
try {
  await migrate(database.url, logger);
  await seedReferenceData(clients.prisma);
  if (!(await isEmpty(clients.prisma))) {
    const { rows } = await clients.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM facility WHERE hco_number LIKE 'BENCH%'`);
    if ((rows[0]?.n ?? 0) > 0) throw new Error(`${dataDir} already holds benchmark data: remove the folder to generate it again`);
  } else {
    await seedDemoData(clients.prisma);
  }
  const started = Date.now();
  const client = await clients.pool.connect();
  try {
    const result = await generateBenchData(client, {
      facilities: Number(process.env.BENCH_FACILITIES ?? 5_000),
      messages: Number(process.env.BENCH_MESSAGES ?? 1_000_000),
      heavyFacility: { hcoNumber: '3634', messages: Number(process.env.BENCH_HEAVY_MESSAGES ?? 5_000) },
    });
    console.log(
      `bench:data: ${result.facilities} facilities, ${result.threads} threads, ${result.messages} messages in ${((Date.now() - started) / 1000).toFixed(1)} s into ${dataDir}`,
    );
  } finally {
    client.release();
  }
} finally {
  await clients.close();
  await database.stop();
}
