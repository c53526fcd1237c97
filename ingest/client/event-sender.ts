/**
 * Sends events to a running ingest service as NDJSON batches, several requests in flight,
 * waiting and retrying when the service answers 503 (spool full) or 429, or is briefly
 * unreachable. Used by `generate --ingest URL` and by `npm start` for the demo data.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Event } from '../../domain/contract/event.ts';

export interface SenderOptions {
  url: string;
  token: string;
  batchSize?: number;
  concurrency?: number;
}

export interface SendResult {
  accepted: number;
  rejected: number;
}

export class EventSender {
  private buffer: string[] = [];
  private inFlight = new Set<Promise<void>>();
  private failure: Error | null = null;
  readonly result: SendResult = { accepted: 0, rejected: 0 };

  constructor(private readonly options: SenderOptions) {}

  /** Queues events; resolves when there is room for more (back-pressure). */
  async add(events: readonly Event[]): Promise<void> {
    for (const e of events) {
      this.buffer.push(JSON.stringify(e));
      if (this.buffer.length >= (this.options.batchSize ?? 5_000)) await this.dispatch();
    }
  }

  async finish(): Promise<SendResult> {
    await this.dispatch();
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
    return this.result;
  }

  private async dispatch(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.buffer.length === 0) return;
    const body = this.buffer.join('\n') + '\n';
    this.buffer = [];
    while (this.inFlight.size >= (this.options.concurrency ?? 2)) await Promise.race(this.inFlight);
    const p = this.post(body)
      .catch((err: Error) => {
        this.failure ??= err;
      })
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private async post(body: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.options.url}/v1/events`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${this.options.token}`,
            'content-type': 'application/x-ndjson',
          },
          body,
        });
      } catch (err) {
        if (attempt >= 10)
          throw new Error(
            `ingest service ${this.options.url} unreachable: ${(err as Error).message}`,
          );
        await sleep(500 * (attempt + 1));
        continue;
      }
      if (res.status === 202) {
        const answer = (await res.json()) as { accepted: number; rejected: unknown[] };
        this.result.accepted += answer.accepted;
        this.result.rejected += answer.rejected.length;
        return;
      }
      const text = await res.text();
      if ((res.status === 503 || res.status === 429) && attempt < 600) {
        await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000);
        continue;
      }
      throw new Error(`ingest service answered ${res.status}: ${text.slice(0, 300)}`);
    }
  }
}
