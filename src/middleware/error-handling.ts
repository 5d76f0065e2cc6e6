import type { Express, NextFunction, Request, Response } from 'express';
import type { AppDependencies } from '../dependencies.js';
import { HttpRefusal, NotFound } from '../lib/http-errors.js';

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  code?: string;
  type?: string;
}

function statusOf(error: unknown): number {
  const e = error as HttpLikeError | undefined;
  const status = e?.status ?? e?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

/** Dutch pages for 404 and for every error; the details go to the log, never to the user. */
export function setUpErrorHandling(app: Express, { logger }: AppDependencies): void {
  app.use(() => {
    throw new NotFound();
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // A thrown NotFound or Forbidden is an answer, not a failure: its page, without a stack in the log.
    if (error instanceof HttpRefusal) {
      req.log?.info({ status: error.status, refusal: error.name }, 'request refused');
      if (res.headersSent) return;
      res.status(error.status).render(error.view, error.locals);
      return;
    }
    const status = statusOf(error);
    const e = error as HttpLikeError;
    if (status >= 500) (req.log ?? logger).error({ err: error }, 'request failed');
    else (req.log ?? logger).warn({ err: error, status }, 'request rejected');
    if (res.headersSent) return;
    res.status(status);
    const view =
      e.code === 'EBADCSRFTOKEN'
        ? 'errors/csrf.njk'
        : status === 413 || e.type === 'entity.too.large'
          ? 'errors/too-large.njk'
          : status === 403
            ? 'errors/403.njk'
            : status === 404
              ? 'errors/404.njk'
              : status < 500
                ? 'errors/400.njk'
                : 'errors/500.njk';
    res.render(view, { requestId: req.id }, (renderError: Error | null, html?: string) => {
      if (renderError) {
        logger.error({ err: renderError }, 'error page could not be rendered');
        res.type('text/plain; charset=utf-8').send('Er is een fout opgetreden. Probeer het later opnieuw.');
        return;
      }
      res.send(html);
    });
  });
}
