// The development mail sink: a real SMTP server (smtp-server) on a free port
// of 127.0.0.1 that keeps the last e-mails it received in memory, parsed with
// mailparser. When SMTP_URL is absent the worker delivers here, so
// development exercises the same SMTP path as production; /dev/mail shows them.
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { AddressObject } from 'mailparser';

export interface SinkMail {
  /** Sequence number in this process, for /dev/mail/:id. */
  id: number;
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** When the sink received it. */
  sentAt: Date;
}

export interface MailSink {
  /** smtp://127.0.0.1:<port>, for the worker. */
  url: string;
  /** Received e-mails, newest first. */
  list(): SinkMail[];
  get(id: number): SinkMail | undefined;
  close(): Promise<void>;
}

/**
 * How every SMTP server of ours on 127.0.0.1 is set up (this sink, the test
 * server, the benchmark's counter): no TLS, no login, no reverse DNS, no logs.
 */
export const LOCAL_SMTP_OPTIONS: SMTPServerOptions = {
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  disableReverseLookup: true,
  logger: false,
};

/** The plain addresses of a parsed To/From header. */
export const addressesOf = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((group) => group.value.map((a) => a.address ?? '')).filter(Boolean);

export async function startMailSink(options: { limit?: number } = {}): Promise<MailSink> {
  const limit = options.limit ?? 500;
  const mails: SinkMail[] = [];
  let sequence = 0;
  const server = new SMTPServer({
    ...LOCAL_SMTP_OPTIONS,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      // mailparser (and its character set tables) is loaded with the first mail, not at start-up.
      import('mailparser')
        .then(({ simpleParser }) => simpleParser(stream))
        .then((parsed) => {
          mails.unshift({
            id: ++sequence,
            to: addressesOf(parsed.to),
            from: addressesOf(parsed.from)[0] ?? '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId ?? '',
            sentAt: new Date(),
          });
          if (mails.length > limit) mails.length = limit;
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    list: () => [...mails],
    get: (id) => mails.find((mail) => mail.id === id),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
