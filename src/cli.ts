// `npm run db:migrate` and `npm run db:seed`: the same database the portal
// would use (DATABASE_URL, or the embedded one under ELOKET_DATA_DIR).
import { EX_CONFIG, loadConfigOrExit } from './process.js';
import { createLogger } from './logger.js';
import { migrate, openDatabaseServer } from './db/database.js';
import { createDatabaseClients } from './db/client.js';
import { seedDemoData, seedReferenceData } from './db/seed.js';

const command = process.argv[2];
if (command !== 'migrate' && command !== 'seed') {
  process.stderr.write('Usage: node dist/cli.js migrate|seed\n');
  process.exit(64);
}
const config = loadConfigOrExit();
if (command === 'seed' && config.isProduction) {
  process.stderr.write('Demo data is for development only; refusing to seed a production database.\n');
  process.exit(EX_CONFIG);
}
const logger = createLogger({ level: config.logLevel });
const database = await openDatabaseServer(config, logger);
const clients = createDatabaseClients(database.url);
try {
  await migrate(database.url, logger);
  await seedReferenceData(clients.prisma);
  if (command === 'seed') {
    await seedDemoData(clients.prisma);
    logger.info('demo data is in place');
  }
} finally {
  await clients.close();
  await database.stop();
}
