/**
 * Mails the Morgenbriefing of one day as PDF. The PDF comes from the running dashboard
 * (`/api/v1/briefing/pdf`, the same rendering as its "Als PDF"), read with a read token of
 * a role that may see the briefing.
 */
import { format } from 'date-fns';
import { de } from 'date-fns/locale';
import type { LocalDate } from '../../calendar/local-date.ts';
import type { SendMail } from './channels.ts';

export interface BriefingSource {
  dashboardUrl: string;
  token: string;
}

const PDF_TIMEOUT_MS = 120_000;

export async function fetchBriefingPdf(src: BriefingSource, date: LocalDate): Promise<Buffer> {
  const res = await fetch(`${src.dashboardUrl}/api/v1/briefing/pdf?date=${date}`, {
    headers: { authorization: `Bearer ${src.token}` },
    signal: AbortSignal.timeout(PDF_TIMEOUT_MS),
  });
  if (!res.ok) {
    const why = (await res.text()).slice(0, 300);
    throw new Error(`Dashboard antwortet ${res.status} auf das PDF: ${why}`);
  }
  return Buffer.from(await res.arrayBuffer());
}

export async function mailBriefing(
  send: SendMail,
  src: BriefingSource,
  date: LocalDate,
  to: readonly string[],
): Promise<void> {
  const pdf = await fetchBriefingPdf(src, date);
  const day = format(new Date(`${date}T12:00:00Z`), 'EEEE, d. MMMM yyyy', { locale: de });
  await send({
    to,
    subject: `Morgenbriefing: ${day}`,
    text: `Guten Morgen,\n\nanbei das Morgenbriefing für ${day} (Vortag gegen einen normalen Tag) als PDF.\n\nLagebild`,
    attachments: [
      { filename: `morgenbriefing-${date}.pdf`, content: pdf, contentType: 'application/pdf' },
    ],
  });
}
