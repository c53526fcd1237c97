/** The two ways out: mail over SMTP (nodemailer) and a JSON webhook for chat tools. */
import nodemailer from 'nodemailer';
import type { Config } from '../../config/environment.ts';
import type { Notice } from '../../queries/alerts/notification-files.ts';

export type SmtpSettings = Config['ingest']['notifications']['smtp'];

export interface Mail {
  to: readonly string[];
  subject: string;
  text: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export type SendMail = (mail: Mail) => Promise<void>;

/** A sender over the configured SMTP server; undefined without a host. */
export function smtpSender(smtp: SmtpSettings): SendMail | undefined {
  if (!smtp.host) return undefined;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    // 465 speaks TLS from the start; other ports upgrade with STARTTLS where offered.
    secure: smtp.port === 465,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    connectionTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return async (mail) => {
    await transport.sendMail({
      from: smtp.from,
      to: [...mail.to],
      subject: mail.subject,
      text: mail.text,
      attachments: mail.attachments,
    });
  };
}

const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * POSTs the notice as JSON: `{rule, state, value, limit, time, text}`; `text` is the mail's
 * subject, which chat tools (Mattermost, Slack, Rocket.Chat) show as the message.
 */
export async function postWebhook(url: string, notice: Notice, text: string): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...notice, text }),
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`Webhook antwortet ${res.status}`);
}
