/**
 * Retention (design.md): events older than `LAGEBILD_RETENTION_YEARS` go by dropping whole
 * monthly partitions (PARTITION BY toYYYYMM(day); 18.16 has no TTL), the rollups after
 * `LAGEBILD_ROLLUP_RETENTION_YEARS`. A month is dropped only when it lies wholly before the
 * first kept day, so no partition that still holds a kept day is ever touched. Partitions
 * are listed from system.parts; on a cluster those of the local tables `t_local`, and the
 * drop goes `ON CLUSTER` to every replica.
 */
import { berlinDate } from '../../calendar/berlin-time.ts';
import { shiftYears, type LocalDate } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { ident, lit, sql } from '../../warehouse/literal.ts';
import { ROLLUP_SOURCES, ROLLUP_TABLES } from '../rollups/recompute.ts';

export interface RetentionOptions {
  eventYears: number;
  rollupYears: number;
  /** CLICKHOUSE_CLUSTER; undefined on a single node. */
  cluster?: string | undefined;
  /** Today in Berlin, by default from the clock. */
  today?: LocalDate;
}

export interface PartitionDrop {
  /** The table the rows live in: `visits`, or `visits_local` on a cluster. */
  table: string;
  kind: 'events' | 'rollups';
  /** YYYYMM */
  partition: string;
  rows: number;
}

export interface RetentionPlan {
  /** First day kept of the events and of the rollups. */
  eventsFrom: LocalDate;
  rollupsFrom: LocalDate;
  drops: PartitionDrop[];
}

const LOCAL_SUFFIX = '_local';

/** YYYYMM of the month a day lies in: every partition before it ends before that day. */
const monthOf = (d: LocalDate) => d.slice(0, 4) + d.slice(5, 7);

/** The partitions that lie wholly before the first kept day, per table, oldest first. */
export async function retentionPlan(wh: Warehouse, o: RetentionOptions): Promise<RetentionPlan> {
  const today = o.today ?? berlinDate(new Date());
  const eventsFrom = shiftYears(today, -o.eventYears);
  const rollupsFrom = shiftYears(today, -o.rollupYears);
  const suffix = o.cluster ? LOCAL_SUFFIX : '';
  const kinds = new Map<string, { kind: PartitionDrop['kind']; before: string }>([
    ...ROLLUP_SOURCES.map(
      (t) => [t + suffix, { kind: 'events' as const, before: monthOf(eventsFrom) }] as const,
    ),
    ...ROLLUP_TABLES.map(
      (t) => [t + suffix, { kind: 'rollups' as const, before: monthOf(rollupsFrom) }] as const,
    ),
  ]);
  const parts = await wh.query<{ table: string; partition: string; rows: number }>(sql`
    SELECT table, partition_id AS partition, sum(rows) AS rows FROM system.parts
    WHERE database = currentDatabase() AND active AND table IN ${lit.inList([...kinds.keys()], lit.string)}
    GROUP BY table, partition ORDER BY table, partition`);
  const drops = parts.flatMap((p): PartitionDrop[] => {
    const k = kinds.get(p.table)!;
    // Month partitions only: anything else (a table partitioned otherwise) is left alone.
    if (!/^\d{6}$/.test(p.partition) || p.partition >= k.before) return [];
    return [{ table: p.table, kind: k.kind, partition: p.partition, rows: Number(p.rows) }];
  });
  return { eventsFrom, rollupsFrom, drops };
}

/** Drops the planned partitions (none with `dryRun`), telling each step. */
export async function runRetention(
  wh: Warehouse,
  o: RetentionOptions & { dryRun?: boolean; onDrop?: (d: PartitionDrop, dryRun: boolean) => void },
): Promise<RetentionPlan> {
  const plan = await retentionPlan(wh, o);
  for (const d of plan.drops) {
    o.onDrop?.(d, o.dryRun ?? false);
    if (o.dryRun) continue;
    const onCluster = o.cluster ? sql` ON CLUSTER ${ident(o.cluster)}` : sql``;
    await wh.command(
      sql`ALTER TABLE ${ident(d.table)}${onCluster} DROP PARTITION ID ${lit.string(d.partition)}`,
    );
  }
  return plan;
}
