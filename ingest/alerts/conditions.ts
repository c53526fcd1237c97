/**
 * What each kind of rule reads, and whether it holds now. The ClickHouse figures come from
 * queries/alerts/ with the reader role; the spool's from the ingest service itself.
 */
import { berlinDate, berlinToUtc } from '../../calendar/berlin-time.ts';
import { isWorkingDay } from '../../calendar/working-days.ts';
import { lastDelivery } from '../../queries/alerts/last-delivery.query.ts';
import { openEmails } from '../../queries/alerts/open-emails.query.ts';
import { recentWaitP90Seconds } from '../../queries/alerts/recent-waits.query.ts';
import { serviceLevelRun } from '../../queries/alerts/service-level-run.query.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import type { AlertRule } from './rules.ts';

export interface Reading {
  holds: boolean;
  /** The figure the rule judges, in its unit (share, minutes, count); null when unknown. */
  value: number | null;
  limit: number;
}

export interface ConditionContext {
  reader: Warehouse;
  now: Date;
  serviceLevelTarget: number;
  spool: () => { bytes: number; maxBytes: number; deadSegments: number };
}

function secondsOfDay(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h! * 3600 + m! * 60;
}

/** The reading of `rule` now; null when the rule does not apply now (outside opening hours). */
export async function readCondition(
  rule: AlertRule,
  ctx: ConditionContext,
): Promise<Reading | null> {
  switch (rule.kind) {
    case 'service-level': {
      const target = rule.target ?? ctx.serviceLevelTarget;
      const run = await serviceLevelRun(ctx.reader, { now: ctx.now, target, site: rule.site });
      return { holds: run.halfHours >= rule.halfHours, value: run.latest, limit: target };
    }
    case 'wait-p90': {
      const w = await recentWaitP90Seconds(ctx.reader, { now: ctx.now, site: rule.site });
      const minutes = w.waitP90 === null ? null : w.waitP90 / 60;
      return {
        holds: minutes !== null && minutes > rule.limitMinutes,
        value: minutes,
        limit: rule.limitMinutes,
      };
    }
    case 'email-backlog': {
      const open = await openEmails(ctx.reader, { now: ctx.now, site: rule.site });
      return { holds: open > rule.limit, value: open, limit: rule.limit };
    }
    case 'silent-source': {
      const today = berlinDate(ctx.now);
      const opens = berlinToUtc(today, secondsOfDay(rule.opensAt));
      const closes = berlinToUtc(today, secondsOfDay(rule.closesAt));
      if (!isWorkingDay(today) || ctx.now < opens || ctx.now >= closes) return null;
      const last = await lastDelivery(ctx.reader, rule.source);
      // Silence before opening does not count: the office was closed.
      const since = Math.max(last?.getTime() ?? 0, opens.getTime());
      const minutes = (ctx.now.getTime() - since) / 60_000;
      return { holds: minutes >= rule.minutes, value: Math.floor(minutes), limit: rule.minutes };
    }
    case 'spool-full': {
      const s = ctx.spool();
      const share = s.bytes / s.maxBytes;
      return { holds: share > rule.share, value: share, limit: rule.share };
    }
    case 'dead-segments': {
      const dead = ctx.spool().deadSegments;
      return { holds: dead > 0, value: dead, limit: 0 };
    }
  }
}
