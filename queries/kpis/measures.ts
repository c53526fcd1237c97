/**
 * The SQL of the KPI registry. Per channel the columns counted over raw events, which are
 * also the columns of its daily rollup (same names, table order of migration 0005); per KPI
 * its value from those columns. Each formula and threshold is written here once: the
 * summary, the daily KPIs, the 115 intervals, staffing and the rollup upkeep all use it.
 */
import { ident, lit, Sql, sql } from '../../warehouse/literal.ts';
import { rangeEndInstant, type DateRange, type Scope } from '../shared/range.ts';
import { callMeasures, EMAIL, rollupSite, VISIT, type Source } from '../shared/sql-parts.ts';
import { THRESHOLDS, type Channel, type FieldOf } from './definitions.ts';

/** Added up over days, sites and groups. */
interface SumColumn {
  kind: 'sum';
  aggregate: Sql;
}

/** Quantiles of `value` where `when` holds: exact over raw events, t-digests in the rollups. */
interface QuantileColumn {
  kind: 'quantiles';
  levels: readonly number[];
  value: Sql;
  when: Sql;
}

type Column = SumColumn | QuantileColumn;
export type Columns = Record<string, Column>;

const summed = (aggregate: Sql): SumColumn => ({ kind: 'sum', aggregate });
const quantiles = (levels: readonly number[], value: Sql, when: Sql): QuantileColumn => ({
  kind: 'quantiles',
  levels,
  value,
  when,
});

/**
 * How a column is computed: `raw` over events for a range, `state` over events for a rollup
 * row, `merge` over rollup rows, `zero` for a rollup group that vanished.
 */
export type ColumnForm = 'raw' | 'state' | 'merge' | 'zero';

function columnSql(name: string, c: Column, form: ColumnForm): Sql {
  if (c.kind === 'sum') {
    if (form === 'merge') return sql`sum(${ident(name)})`;
    return form === 'zero' ? Sql.trusted('0') : c.aggregate;
  }
  const levels = Sql.trusted(c.levels.join(', '));
  const of = sql`(toFloat64(ifNull(${c.value}, 0)), ${c.when})`;
  switch (form) {
    case 'raw':
      return sql`quantilesExactIf(${levels})${of}`;
    case 'state':
      return sql`quantilesTDigestStateIf(${levels})${of}`;
    case 'merge':
      return sql`quantilesTDigestMerge(${levels})(${ident(name)})`;
    case 'zero':
      return sql`quantilesTDigestStateIf(${levels})(toFloat64(0), 0)`;
  }
}

/** The select list of a column set, each aliased with its column name. */
export function columnsSql(columns: Columns, form: ColumnForm): Sql {
  return Sql.trusted(
    Object.entries(columns)
      .map(([name, c]) => `${columnSql(name, c, form)} AS ${ident(name)}`)
      .join(',\n      '),
  );
}

/** The levels of the visit digests (fixed by the rollup table's column type). */
const VISIT_LEVELS = [0.5, 0.75, 0.9];
const EMAIL_LEVELS = [0.5];

const visitWaitLimit = lit.int(THRESHOLDS.visitWaitMinutes * 60);
export const VISIT_COLUMNS = {
  visits: summed(sql`count()`),
  completed: summed(sql`countIf(${VISIT.completed})`),
  services: summed(sql`sumIf(length(services), ${VISIT.completed})`),
  with_appointment: summed(sql`countIf(${VISIT.hasAppointment})`),
  no_shows: summed(sql`countIf(outcome = 'no_show')`),
  with_wait: summed(sql`countIf(${VISIT.completed} AND ${VISIT.hasWait})`),
  waited_under_15: summed(
    sql`countIf(${VISIT.completed} AND ${VISIT.hasWait} AND ifNull(${VISIT.waitSeconds} <= ${visitWaitLimit}, 0))`,
  ),
  with_handle: summed(sql`countIf(${VISIT.completed} AND ${VISIT.hasHandle})`),
  wait_digest: quantiles(
    VISIT_LEVELS,
    VISIT.waitSeconds,
    sql`${VISIT.completed} AND ${VISIT.hasWait}`,
  ),
  handle_digest: quantiles(
    VISIT_LEVELS,
    VISIT.handleSeconds,
    sql`${VISIT.completed} AND ${VISIT.hasHandle}`,
  ),
};

/** The call columns; a call abandoned within `shortAbandonSeconds` is not offered (design.md). */
export function callColumns(shortAbandonSeconds: number) {
  const c = callMeasures(shortAbandonSeconds);
  const inTarget = lit.int(THRESHOLDS.callAnswerSeconds);
  return {
    calls: summed(sql`count()`),
    short_abandons: summed(sql`countIf(ifNull(${c.shortAbandon}, 0))`),
    answered: summed(sql`countIf(${c.answered})`),
    answered_in_target: summed(
      sql`countIf(${c.answered} AND ifNull(${c.answerSeconds} <= ${inTarget}, 0))`,
    ),
    abandoned: summed(sql`countIf(${c.abandoned})`),
    answer_seconds_sum: summed(sql`sumIf(toFloat64(ifNull(${c.answerSeconds}, 0)), ${c.answered})`),
    handle_seconds_sum: summed(sql`sumIf(toFloat64(${c.handleSeconds}), ${c.answered})`),
    resolved_first_contact: summed(
      sql`countIf(${c.answered} AND ifNull(resolved_first_contact = 1, 0))`,
    ),
  };
}

const emailAnswerLimit = lit.int(THRESHOLDS.emailAnswerHours * 3600);
export const EMAIL_COLUMNS = {
  received: summed(sql`count()`),
  answered_within_24h: summed(
    sql`countIf(${EMAIL.hasResponse} AND ifNull(${EMAIL.firstResponseSeconds} <= ${emailAnswerLimit}, 0))`,
  ),
  with_response: summed(sql`countIf(${EMAIL.hasResponse})`),
  first_response_digest: quantiles(EMAIL_LEVELS, EMAIL.firstResponseSeconds, EMAIL.hasResponse),
};

/** Email threads closed, per receipt day and local day of closing (migration 0006). */
export const EMAIL_CLOSING_COLUMNS = { closed: summed(sql`count()`) };

/**
 * The hour a contact counts in for the heatmap and the hourly volumes (UTC hour start; the
 * local weekday and hour follow from it), and which raw rows count: completed visits with an
 * arrival, every call and email.
 */
export const CONTACT_HOUR: Record<'visits' | 'calls' | 'emails', { hour: Sql; where?: Sql }> = {
  visits: {
    hour: Sql.trusted('toStartOfHour(assumeNotNull(arrived_at))'),
    where: sql`${VISIT.completed} AND isNotNull(arrived_at)`,
  },
  calls: { hour: Sql.trusted('toStartOfHour(offered_at)') },
  emails: { hour: Sql.trusted('toStartOfHour(received_at)') },
};
export const CONTACT_COLUMNS = { contacts: summed(sql`count()`) };

/** A handling time's histogram bin: 5 minutes wide up to an hour, then one open bin (12). */
export const HANDLE_BIN_SECONDS = 300;
export const HANDLE_BINS = 13;
const handleBin = sql`least(intDiv(toInt64(${VISIT.handleSeconds}), ${lit.int(HANDLE_BIN_SECONDS)}), ${lit.int(HANDLE_BINS - 1)})`;
const handled = sql`${VISIT.completed} AND ${VISIT.hasHandle}`;
/** Histogram bin columns h_00 … h_12 of visit_services_daily (migration 0009). */
export const HANDLE_BIN_COLUMNS: readonly string[] = Array.from(
  { length: HANDLE_BINS },
  (_, i) => `h_${String(i).padStart(2, '0')}`,
);

/**
 * Per service and team (a visit counts for each of its services): all visits, those with a
 * handling time (`cases`), percentiles of handling and waiting time over those, and the
 * handling-time histogram.
 */
export const SERVICE_LEVELS = { handle: [0.5, 0.75, 0.9], wait: [0.5, 0.9] } as const;
export const SERVICE_COLUMNS: Columns = {
  visits: summed(sql`count()`),
  cases: summed(sql`countIf(${handled})`),
  handle_digest: quantiles(SERVICE_LEVELS.handle, VISIT.handleSeconds, handled),
  wait_digest: quantiles(
    SERVICE_LEVELS.wait,
    VISIT.waitSeconds,
    sql`${handled} AND ${VISIT.hasWait}`,
  ),
  ...Object.fromEntries(
    HANDLE_BIN_COLUMNS.map((name, i) => [
      name,
      summed(sql`countIf(ifNull(${handled} AND ${handleBin} = ${lit.int(i)}, 0))`),
    ]),
  ),
};

/** Completed visits per handling time in seconds (migration 0010). */
export const HANDLING_SECOND_COLUMNS = { cases: summed(sql`count()`) };

/** An event is late when it reached the warehouse more than a day after its local day ended. */
export const LATE_ARRIVAL_SECONDS = 2 * 86400;
export const ARRIVAL_COLUMNS = {
  events: summed(sql`count()`),
  late: summed(
    sql`countIf(toInt64(ingested_at) - toInt64(toDateTime(day, 'UTC')) > ${lit.int(LATE_ARRIVAL_SECONDS)})`,
  ),
};

/** A row of a column set as numbers: sums as numbers, quantiles as arrays (null for NaN). */
export type CountsOf<C extends Columns> = {
  [K in keyof C]: C[K] extends QuantileColumn ? (number | null)[] : number;
};

export type VisitCounts = CountsOf<typeof VISIT_COLUMNS>;
export type CallCounts = CountsOf<ReturnType<typeof callColumns>>;
export type EmailCounts = CountsOf<typeof EMAIL_COLUMNS>;

/** ClickHouse answers UInt64 as strings and NaN as null; this makes them numbers. */
export function countsOf<C extends Columns>(columns: C, row: Record<string, unknown>): CountsOf<C> {
  const out: Record<string, unknown> = {};
  for (const [name, c] of Object.entries(columns)) {
    const v = row[name];
    out[name] =
      c.kind === 'sum'
        ? Number(v ?? 0)
        : ((v ?? []) as unknown[]).map((x) => (x === null ? null : Number(x)));
  }
  return out as CountsOf<C>;
}

/** All-zero counts: what a range without events gives. */
export function zeroCounts<C extends Columns>(columns: C): CountsOf<C> {
  return countsOf(columns, {});
}

function ratio(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}

function finite(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : x;
}

function quantile(values: (number | null)[], levels: readonly number[], level: number) {
  return finite(values[levels.indexOf(level)]);
}

/** One value per KPI of a channel, from that channel's counts. */
type Measures<C extends Channel, X> = Record<FieldOf<C>, (x: X) => number | null>;

export const VISIT_KPIS = {
  contacts: (v) => v.completed,
  services: (v) => v.services,
  waitP50: (v) => (v.with_wait ? quantile(v.wait_digest, VISIT_LEVELS, 0.5) : null),
  waitP90: (v) => (v.with_wait ? quantile(v.wait_digest, VISIT_LEVELS, 0.9) : null),
  handleP50: (v) => (v.with_handle ? quantile(v.handle_digest, VISIT_LEVELS, 0.5) : null),
  handleP90: (v) => (v.with_handle ? quantile(v.handle_digest, VISIT_LEVELS, 0.9) : null),
  waitedUnder15Share: (v) => ratio(v.waited_under_15, v.with_wait),
  noShowRate: (v) => ratio(v.no_shows, v.with_appointment),
} satisfies Measures<'visits', VisitCounts>;

const offered = (c: CallCounts) => c.calls - c.short_abandons;
export const CALL_KPIS = {
  offered,
  answered: (c) => c.answered,
  serviceLevel: (c) => ratio(c.answered_in_target, offered(c)),
  abandonRate: (c) => ratio(c.abandoned - c.short_abandons, offered(c)),
  asaSeconds: (c) => ratio(c.answer_seconds_sum, c.answered),
  ahtSeconds: (c) => ratio(c.handle_seconds_sum, c.answered),
  firstContactResolution: (c) => ratio(c.resolved_first_contact, c.answered),
} satisfies Measures<'calls', CallCounts>;

/** The backlog is a stock, not a sum over the range: its own statement, `emailBacklogSql`. */
export interface EmailFigures extends EmailCounts {
  backlog: number;
}
export const EMAIL_KPIS = {
  received: (e: EmailCounts) => e.received,
  answeredWithin24h: (e: EmailCounts) => ratio(e.answered_within_24h, e.received),
  medianFirstResponseHours: (e: EmailCounts) =>
    e.with_response ? (quantile(e.first_response_digest, EMAIL_LEVELS, 0.5) ?? 0) / 3600 : null,
  backlog: (e: EmailFigures) => e.backlog,
} satisfies Measures<'emails', EmailFigures>;

/** The values of a channel's KPIs, by field. */
export type ValuesOf<M> = { [F in keyof M]: M[F] extends (x: never) => infer R ? R : never };

export function valuesOf<X, M extends Record<string, (x: X) => number | null>>(
  measures: M,
  x: X,
): ValuesOf<M> {
  return Object.fromEntries(
    Object.entries(measures).map(([field, measure]) => [field, measure(x)]),
  ) as ValuesOf<M>;
}

/**
 * Threads received before the end of `to` and not closed by then. From the rollups: all
 * received up to `to` minus those of them closed on a local day up to `to` (closed before
 * the end of the range); from raw rows otherwise.
 */
export function emailBacklogSql(p: DateRange & Scope & { source?: Source }): Sql {
  if (p.source !== 'raw') {
    const to = lit.date(p.to);
    return sql`SELECT toInt64((SELECT sum(received) FROM emails_daily FINAL WHERE day <= ${to} AND ${rollupSite(p.site)}))
      - toInt64((SELECT sum(closed) FROM emails_closed_daily FINAL WHERE day <= ${to} AND closed_day <= ${to} AND ${rollupSite(p.site)})) AS backlog`;
  }
  const end = lit.dateTime(rangeEndInstant(p.to));
  const site = p.site ? sql` AND site = ${lit.string(p.site)}` : sql``;
  return sql`SELECT count() AS backlog FROM emails FINAL
    WHERE day <= ${lit.date(p.to)} AND deleted = 0 AND received_at < ${end} AND (isNull(closed_at) OR closed_at >= ${end})${site}`;
}
