/**
 * Alerts and the scheduled briefing inside the ingest service, each switched on by its
 * configuration: a rules file for alerts, recipients for the briefing. The ingest service
 * has the spool's figures at hand and is the process that always runs (under `serve` and
 * under systemd alike), so no extra worker is needed.
 */
import type { Config } from '../../config/environment.ts';
import type { LocalDate } from '../../calendar/local-date.ts';
import { loadConfig } from '../../config/environment.ts';
import { Warehouse } from '../../warehouse/client.ts';
import type { WarehouseConfig } from '../../warehouse/config.ts';
import type { Spool } from '../spool/spool.ts';
import { startAlertLoop, type AlertLoop } from './alert-loop.ts';
import { mailBriefing } from './briefing-mail.ts';
import { startBriefingSchedule } from './briefing-scheduler.ts';
import { freshBriefingToken } from './briefing-token.ts';
import { postWebhook, smtpSender } from './channels.ts';
import { readCondition } from './conditions.ts';
import { noticeMail } from './notice-text.ts';
import { loadAlertRules } from './rules.ts';

export type NotificationSettings = Config['ingest']['notifications'];

export interface Notifications {
  /** The alert evaluator, when rules are configured. */
  alerts: AlertLoop | undefined;
  close(): Promise<void>;
}

const SCHEDULE_TOKEN = 'briefing-schedule';

export function startNotifications(
  settings: NotificationSettings,
  o: {
    spool: Spool;
    spoolMaxBytes: number;
    warehouse: WarehouseConfig;
    database: string;
    tokenFile: string;
    log: (msg: string) => void;
  },
): Notifications {
  const rules = loadAlertRules(settings.alerts.rulesFile);
  const send = smtpSender(settings.smtp);
  let reader: Warehouse | undefined;
  let alerts: AlertLoop | undefined;
  if (rules.length > 0) {
    reader = new Warehouse(o.warehouse, 'reader', o.database);
    const { mailTo, webhookUrl } = settings.alerts;
    const ruleOf = new Map(rules.map((r) => [r.name, r]));
    alerts = startAlertLoop({
      rules,
      stateFile: settings.alerts.stateFile,
      failuresFile: settings.failuresFile,
      intervalMs: settings.alerts.intervalMs,
      read: (rule, now) =>
        readCondition(rule, {
          reader: reader!,
          now,
          serviceLevelTarget: loadConfig().kpi.targets.serviceLevel,
          spool: () => ({
            bytes: o.spool.stats().bytes,
            maxBytes: o.spoolMaxBytes,
            deadSegments: o.spool.deadSegments().length,
          }),
        }),
      channels: {
        ...(send && mailTo.length
          ? { mail: (n) => send({ to: mailTo, ...noticeMail(ruleOf.get(n.rule)!, n) }) }
          : {}),
        ...(webhookUrl
          ? {
              webhook: (n) =>
                postWebhook(webhookUrl, n, noticeMail(ruleOf.get(n.rule)!, n).subject),
            }
          : {}),
      },
      log: o.log,
    });
    o.log(`Alarme: ${rules.length} Regeln aus ${settings.alerts.rulesFile}.`);
  }
  const { briefing } = settings;
  const schedule =
    briefing.to.length > 0
      ? startBriefingSchedule({
          clock: briefing.time,
          failuresFile: settings.failuresFile,
          log: o.log,
          send: async (date: LocalDate) => {
            if (!send) throw new Error('kein SMTP-Server konfiguriert (LAGEBILD_SMTP_HOST)');
            const token = freshBriefingToken(SCHEDULE_TOKEN, o.tokenFile);
            await mailBriefing(
              send,
              { dashboardUrl: briefing.dashboardUrl, token },
              date,
              briefing.to,
            );
          },
        })
      : undefined;
  return {
    alerts,
    async close() {
      schedule?.stop();
      await alerts?.stop();
      await reader?.close();
    },
  };
}
