/** The far ends of the notifications, in the test process: a real SMTP server and a real HTTP receiver. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
}

export async function startSmtpServer(): Promise<{
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: 50 * 1024 * 1024,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise((r) => server.close(() => r())) };
}

export async function startWebhookReceiver(opts: { failFirst?: number } = {}): Promise<{
  url: string;
  /** Bodies of the requests answered 200. */
  calls: Record<string, unknown>[];
  /** Requests answered 500 (the first `failFirst`). */
  refused: number;
  close(): Promise<void>;
}> {
  const state = { calls: [] as Record<string, unknown>[], refused: 0 };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      if (state.refused < (opts.failFirst ?? 0)) {
        state.refused += 1;
        res.writeHead(500).end();
        return;
      }
      state.calls.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    calls: state.calls,
    get refused() {
      return state.refused;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** The decoded header of a raw mail (RFC 2047 words joined). */
export function mailSubject(raw: string): string {
  const m = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw);
  return (m?.[1] ?? '')
    .replace(/\r\n[ \t]/g, '')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}
