/**
 * Mean patience of 115 callers and of walk-ins at the counters, for Erlang A. With
 * exponential patience its maximum-likelihood estimate is the time everybody spent waiting
 * (served and abandoned alike) divided by the number who gave up: each waiting second is a
 * second in which the contact could have left.
 *
 * 115: short abandons are not offered (design.md) and count in neither sum; an abandoned call
 * without an end has no known wait and is left out of both. Walk-ins: the wait of a served
 * one runs from arrival to the call; one who `left` waited until `endedAt` (or `calledAt`,
 * a ticket called in vain) where the source records it, otherwise — as the queue systems
 * behind the demo do — half as long as the walk-ins served from the same team, day and half
 * hour (or else that team and day): with exponential patience and waits well below the mean
 * patience, a leaver quits about halfway through the wait they were spared. Appointments
 * are left out: they wait for their slot, not in the queue.
 */
import type { Team } from '../../domain/contract/common.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { sql } from '../../warehouse/literal.ts';
import type { DateRange } from '../shared/range.ts';
import { callMeasures, eventsIn } from '../shared/sql-parts.ts';
import { kpiSettings } from '../targets.ts';

export interface Patience {
  /** Contacts the estimate is drawn from: offered calls, or walk-ins. */
  offered: number;
  /** Those who gave up (and whose wait is known or estimated). */
  abandoned: number;
  /** Waiting time of all of them, in seconds. */
  waitedSeconds: number;
  /** waitedSeconds / abandoned; null when nobody gave up (no bound the data could show). */
  patienceSeconds: number | null;
}

export interface PatienceEstimates {
  calls: Patience;
  /** All counter teams together (walk-ins are alike whichever desk they queue for). */
  counters: Patience;
  teams: (Patience & { team: Team })[];
  /** Walk-ins who left whose wait is estimated from those served beside them. */
  estimatedLeaverWaits: number;
}

function patience(offered: number, abandoned: number, waitedSeconds: number): Patience {
  return {
    offered,
    abandoned,
    waitedSeconds,
    patienceSeconds: abandoned > 0 ? waitedSeconds / abandoned : null,
  };
}

async function callPatience(wh: Warehouse, p: DateRange & { site?: string }): Promise<Patience> {
  const c = callMeasures(kpiSettings().shortAbandonSeconds);
  const gaveUp = sql`${c.abandoned} AND NOT ifNull(${c.shortAbandon}, 0) AND isNotNull(ended_at)`;
  const [r] = await wh.query<{ offered: number; abandoned: number; waited: number }>(sql`
    SELECT countIf(NOT ifNull(${c.shortAbandon}, 0)) AS offered,
      countIf(${gaveUp}) AS abandoned,
      sumIf(${c.answerSeconds}, ${c.answered})
        + sumIf(toInt64(assumeNotNull(ended_at)) - toInt64(offered_at), ${gaveUp}) AS waited
    FROM ${eventsIn('calls', p, p)}`);
  return patience(Number(r?.offered ?? 0), Number(r?.abandoned ?? 0), Number(r?.waited ?? 0));
}

async function walkInPatience(wh: Warehouse, p: DateRange & { site?: string }) {
  const walkIns = sql`(SELECT team, day, intDiv(toUInt32(assumeNotNull(arrived_at)), 1800) AS slot,
      outcome, arrived_at, called_at, ended_at
    FROM ${eventsIn('visits', p, p)} WHERE isNull(slot_start) AND isNotNull(arrived_at)
      AND (outcome = 'left' OR isNotNull(called_at)))`;
  const servedWait = sql`greatest(toInt64(0), toInt64(assumeNotNull(called_at)) - toInt64(assumeNotNull(arrived_at)))`;
  // The team is renamed on the way out: 18.16 would otherwise join on the String alias.
  const rows = await wh.query<{
    team_name: Team;
    offered: number;
    abandoned: number;
    estimated: number;
    waited: number;
  }>(sql`
    SELECT toString(team) AS team_name, count() AS offered, countIf(outcome = 'left') AS abandoned,
      countIf(isNull(own_wait)) AS estimated,
      sum(ifNull(toFloat64(own_wait), if(slot_served > 0, slot_mean, day_mean) / 2)) AS waited
    FROM (
      SELECT team, day, outcome, own_wait, slot_served, slot_mean FROM (
        SELECT team, day, slot, outcome,
          if(outcome = 'left',
            if(isNull(ended_at) AND isNull(called_at), NULL,
              greatest(toInt64(0), toInt64(assumeNotNull(coalesce(ended_at, called_at))) - toInt64(assumeNotNull(arrived_at)))),
            toNullable(${servedWait})) AS own_wait
        FROM ${walkIns}
      ) AS own ANY LEFT JOIN (
        SELECT team, day, slot, count() AS slot_served, avg(${servedWait}) AS slot_mean
        FROM ${walkIns} WHERE isNotNull(called_at) GROUP BY team, day, slot
      ) AS by_slot USING (team, day, slot)
    ) AS with_slot ANY LEFT JOIN (
      SELECT team, day, avg(${servedWait}) AS day_mean
      FROM ${walkIns} WHERE isNotNull(called_at) GROUP BY team, day
    ) AS by_day USING (team, day)
    GROUP BY team_name ORDER BY team_name`);
  return rows.map((r) => ({
    team: r.team_name,
    estimated: Number(r.estimated),
    ...patience(Number(r.offered), Number(r.abandoned), Number(r.waited)),
  }));
}

export async function patienceEstimates(
  wh: Warehouse,
  p: DateRange & { site?: string },
): Promise<PatienceEstimates> {
  const [calls, teams] = await Promise.all([callPatience(wh, p), walkInPatience(wh, p)]);
  const sum = (f: (t: Patience) => number) => teams.reduce((s, t) => s + f(t), 0);
  return {
    calls,
    counters: patience(
      sum((t) => t.offered),
      sum((t) => t.abandoned),
      sum((t) => t.waitedSeconds),
    ),
    teams: teams.map(({ estimated: _e, ...t }) => t),
    estimatedLeaverWaits: teams.reduce((s, t) => s + t.estimated, 0),
  };
}
