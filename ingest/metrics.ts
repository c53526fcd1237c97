/** Prometheus metrics of the ingest service: every accept, reject and flush is counted. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createIngestMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'lagebild_ingest_' });
  return {
    registry,
    accepted: new Counter({
      name: 'lagebild_ingest_accepted_total',
      help: 'Events accepted and spooled',
      labelNames: ['source', 'type'],
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'lagebild_ingest_rejected_total',
      help: 'Items rejected, by reason',
      labelNames: ['source', 'reason'],
      registers: [registry],
    }),
    requests: new Counter({
      name: 'lagebild_ingest_requests_total',
      help: 'Requests to POST /v1/events by status',
      labelNames: ['status'],
      registers: [registry],
    }),
    spoolBytes: new Gauge({
      name: 'lagebild_ingest_spool_bytes',
      help: 'Bytes waiting in the spool',
      registers: [registry],
    }),
    spoolLines: new Gauge({
      name: 'lagebild_ingest_spool_rows',
      help: 'Rows waiting in the spool',
      registers: [registry],
    }),
    flushes: new Counter({
      name: 'lagebild_ingest_flushes_total',
      help: 'Segment flushes by trigger and outcome',
      labelNames: ['trigger', 'outcome'],
      registers: [registry],
    }),
    flushRows: new Counter({
      name: 'lagebild_ingest_flushed_rows_total',
      help: 'Rows confirmed by ClickHouse',
      registers: [registry],
    }),
    flushSeconds: new Histogram({
      name: 'lagebild_ingest_flush_seconds',
      help: 'Duration of a segment insert',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    deadSegments: new Gauge({
      name: 'lagebild_ingest_dead_segments',
      help: 'Spool segments that could not be inserted (alarm when > 0)',
      registers: [registry],
    }),
  };
}

export type IngestMetrics = ReturnType<typeof createIngestMetrics>;
