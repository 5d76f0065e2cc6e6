import type { Express } from 'express';
import type { AppDependencies } from '../../dependencies.js';
import { pingDatabase } from './data.js';

/** Liveness and database check for load balancers and monitoring; before sessions, never cached. */
export function setUpHealth(app: Express, { prisma, logger }: AppDependencies): void {
  app.get('/health', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      await pingDatabase(prisma);
      res.json({ status: 'ok', db: 'ok' });
    } catch (error) {
      logger.error({ err: error }, 'health check: database unreachable');
      res.status(503).json({ status: 'error', db: 'down' });
    }
  });
}
