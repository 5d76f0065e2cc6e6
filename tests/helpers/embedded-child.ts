// Starts the embedded PostgreSQL in its own process and keeps it running,
// so a test can kill this process and leave the server behind (a crash).
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';

const server = await startEmbeddedPostgres({ dataDir: process.argv[2] ?? '' });
console.log(`ready ${server.port}`);
setInterval(() => {}, 60_000);
