// Configuration for the Prisma CLI (prisma generate, and prisma migrate
// deploy where its native engine can be downloaded, as in docker-compose).
// The portal itself applies migrations with src/db/migrations.ts.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
