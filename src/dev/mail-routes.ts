// /dev/mail: the e-mails the development mail sink received, for developers
// and for tests (/dev/mail.json). Mounted by createApp outside production only.
import { Router, type Request, type Response, type NextFunction } from 'express';
import type { PrismaClient } from '../db/client.js';
import type { Config } from '../config.js';
import { enqueueMail } from '../mail/outbox.js';
import type { MailSink, SinkMail } from './mail-sink.js';

/**
 * The e-mail's own HTML, for the sandboxed frame on /dev/mail/:id: no script,
 * no external content, and links open in the top window (the portal's pages
 * refuse to be framed).
 */
const MAIL_HTML_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  "frame-ancestors 'self'",
  'sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation',
].join('; ');

function withTopTarget(html: string): string {
  const base = '<base target="_top">';
  return /<head(\s[^>]*)?>/i.test(html) ? html.replace(/<head(\s[^>]*)?>/i, (head) => `${head}${base}`) : `${base}${html}`;
}

function findMail(sink: MailSink, req: Request): SinkMail | undefined {
  const id = Number(req.params.id);
  return Number.isInteger(id) ? sink.get(id) : undefined;
}

/** The development mail sink, and a test e-mail through the whole path. */
export interface DevMailService {
  sink: MailSink;
  /** A test e-mail through the outbox, the worker and SMTP into the sink. */
  sendTestMail(): Promise<void>;
}

export function createDevMailService(prisma: PrismaClient, config: Config, sink: MailSink): DevMailService {
  return {
    sink,
    async sendTestMail() {
      await prisma.$transaction((tx) =>
        enqueueMail(
          tx,
          {
            to: 'an.peeters@zonnehof.example',
            subject: 'Testbericht van het e-loket',
            template: 'notification',
            data: {
              title: 'Testbericht',
              greeting: 'Beste An Peeters,',
              paragraphs: [
                'Dit bericht werd verstuurd vanaf de pagina Ontwikkelmail.',
                'Het ging door de wachtrij van het e-loket en werd over SMTP afgeleverd, net zoals in productie.',
              ],
              action: { text: 'Naar het e-loket', path: '/' },
            },
            cause: { type: 'dev-mail', id: 'testbericht' },
          },
          config,
        ),
      );
    },
  };
}

export function devMailRoutes({ devMail }: { devMail: DevMailService }): Router {
  const { sink } = devMail;
  const router = Router();

  router.get('/dev/mail', (req, res) => {
    res.render('dev/mail/index.njk', { mails: sink.list(), testQueued: req.query.testbericht === 'verstuurd' });
  });

  router.get('/dev/mail.json', (_req, res) => {
    res.json(sink.list().map(({ id, to, from, subject, text, html, messageId, sentAt }) => ({ id, to, from, subject, text, html, messageId, sentAt })));
  });

  router.get('/dev/mail/:id', (req: Request, res: Response, next: NextFunction) => {
    const mail = findMail(sink, req);
    if (!mail) return next();
    res.render('dev/mail/show.njk', { mail });
  });

  router.get('/dev/mail/:id/html', (req: Request, res: Response, next: NextFunction) => {
    const mail = findMail(sink, req);
    if (!mail) return next();
    res.setHeader('Content-Security-Policy', MAIL_HTML_POLICY);
    res.type('html').send(withTopTarget(mail.html));
  });

  // A test e-mail through the whole path: outbox, worker, SMTP, sink.
  router.post('/dev/mail/testbericht', async (_req, res) => {
    await devMail.sendTestMail();
    res.redirect(303, '/dev/mail?testbericht=verstuurd');
  });

  return router;
}
