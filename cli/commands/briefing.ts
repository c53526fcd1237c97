import { randomBytes } from 'node:crypto';
import { InvalidArgumentError, type Command } from 'commander';
import { berlinDate } from '../../calendar/berlin-time.ts';
import type { LocalDate } from '../../calendar/local-date.ts';
import { loadConfig } from '../../config/environment.ts';
import { removeToken, tokenFile } from '../../auth/token-store.ts';
import { briefingDateFor } from '../../ingest/alerts/briefing-schedule.ts';
import { mailBriefing } from '../../ingest/alerts/briefing-mail.ts';
import { freshBriefingToken } from '../../ingest/alerts/briefing-token.ts';
import { smtpSender } from '../../ingest/alerts/channels.ts';
import { recordFailure } from '../../ingest/alerts/failure-log.ts';
import { dateArg, UsageError } from '../args.ts';

const MAIL_ADDRESS = /^[^@\s,]+@[^@\s,]+$/;

function addressArg(value: string, previous: string[] = []): string[] {
  if (!MAIL_ADDRESS.test(value)) throw new InvalidArgumentError('expected a mail address.');
  return [...previous, value];
}

async function send(opts: { date?: LocalDate; to?: string[] }): Promise<void> {
  const { notifications } = loadConfig().ingest;
  const to = opts.to ?? notifications.briefing.to;
  if (to.length === 0)
    throw new UsageError('keine Empfänger: --to ADRESSE angeben oder LAGEBILD_BRIEFING_TO setzen');
  const mail = smtpSender(notifications.smtp);
  if (!mail) throw new UsageError('kein SMTP-Server konfiguriert (LAGEBILD_SMTP_HOST)');
  const date = opts.date ?? briefingDateFor(berlinDate(new Date()));
  // A token of its own per run, so a run never disturbs the schedule's token, and gone after.
  const name = `briefing-cli-${randomBytes(4).toString('hex')}`;
  const token = freshBriefingToken(name, tokenFile());
  try {
    await mailBriefing(
      mail,
      { dashboardUrl: notifications.briefing.dashboardUrl, token },
      date,
      to,
    );
  } catch (err) {
    recordFailure(notifications.failuresFile, {
      kind: 'briefing',
      channel: 'mail',
      subject: `Morgenbriefing ${date}`,
      error: (err as Error).message,
    });
    throw err;
  } finally {
    removeToken(name, 'read', tokenFile());
  }
  console.log(`Morgenbriefing ${date} an ${to.join(', ')} versandt.`);
}

export function registerBriefing(program: Command): void {
  program
    .command('briefing')
    .description('Morgenbriefing per E-Mail')
    .command('send')
    .description(
      'holt das Morgenbriefing als PDF vom laufenden Dashboard und schickt es per E-Mail',
    )
    .option('--date <date>', 'Tag des Briefings (Standard: der Arbeitstag vor heute)', dateArg)
    .option(
      '--to <address>',
      'Empfänger (mehrfach möglich; Standard: LAGEBILD_BRIEFING_TO)',
      addressArg,
    )
    .action(send);
}
