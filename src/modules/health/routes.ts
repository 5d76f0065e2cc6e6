import type { Express } from 'express';
import type { AppDependencies } from '../../dependencies.js';

/** Liveness and database check for load balancers and monitoring; before sessions, never cached. */
export function setUpHealth(app: Express, { prisma, logger }: AppDependencies): void {
  app.get('/health', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      await prisma.$queryRaw`SELECT 1`;
      res.json({ status: 'ok', db: 'ok' });
    } catch (error) {
      logger.error({ err: error }, 'health check: database unreachable');
      res.status(503).json({ status: 'error', db: 'down' });
    }
  });
}
