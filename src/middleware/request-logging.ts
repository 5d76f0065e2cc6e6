import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { AppDependencies } from '../dependencies.js';

// A request id from a trusted proxy is kept when it looks like one; otherwise a new one.
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function setUpRequestLogging(app: Express, { logger }: AppDependencies): void {
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      // One short line per request: what was asked and how it ended, no headers.
      serializers: {
        // Confirmation links carry a secret token: never write it to the log.
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.replace(/^\/bevestigen\/[^/?]+/, '/bevestigen/[token]') }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/health' || (req.url ?? '').startsWith('/public/') },
    }),
  );
}
