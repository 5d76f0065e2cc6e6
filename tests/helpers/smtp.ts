// A real SMTP server in the test process (smtp-server + mailparser), for
// tests that check the e-mails the portal sends.
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { addressesOf, LOCAL_SMTP_OPTIONS } from '../../src/dev/mail-sink.js';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  raw: ParsedMail;
}

export interface TestSmtpServer {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Resolves once at least `count` e-mails arrived (rejects after the timeout). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Makes the server answer every message with this SMTP error, or accept again with undefined. */
  rejectWith(code: number | undefined, message?: string): void;
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** A fixed port (default: a free one). */
  port?: number;
  /** Called with each e-mail once it is received, before the server answers 250. */
  beforeAccept?: (mail: ReceivedMail) => void | Promise<void>;
}

export async function startTestSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let rejection: { code: number; message: string } | undefined;
  const server = new SMTPServer({
    ...LOCAL_SMTP_OPTIONS,
    onData(stream, _session, callback) {
      if (rejection) {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error(rejection?.message), { responseCode: rejection?.code })));
        return;
      }
      simpleParser(stream)
        .then(async (mail) => {
          const receivedMail: ReceivedMail = {
            to: addressesOf(mail.to),
            from: addressesOf(mail.from)[0] ?? '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            messageId: mail.messageId ?? '',
            raw: mail,
          };
          received.push(receivedMail);
          await options.beforeAccept?.(receivedMail);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A client killed mid-conversation (the crash tests) resets its connection.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    rejectWith(code, message = 'Rejected by the test server') {
      rejection = code === undefined ? undefined : { code, message };
    },
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} e-mails, received ${received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
