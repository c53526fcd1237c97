/**
 * Streams a spool segment's rows into ClickHouse while the segment is still being written:
 * one open INSERT per table, fed each record's bytes as soon as they are fsync'd. ClickHouse
 * parses them as they come, so sealing the segment leaves only the end of each insert to
 * wait for, not the whole batch. The segment is still removed only after every insert has
 * been confirmed; if any fails, the writer inserts the segment again the ordinary way.
 */
import { PassThrough } from 'node:stream';
import type { Warehouse } from '../../warehouse/client.ts';
import { rowFormatKey, type SpoolBlock, type SpoolRecord } from '../spool/segment-format.ts';

interface TableInsert {
  body: PassThrough;
  done: Promise<void>;
}

export class LiveInsert {
  /** By table and row format (one per table, unless a segment holds older records). */
  private readonly inserts = new Map<string, TableInsert>();
  private error: Error | null = null;

  constructor(private readonly wh: Warehouse) {}

  write(records: readonly SpoolRecord[]): void {
    if (this.error) return;
    for (const r of records) {
      for (const b of r.blocks) {
        const key = `${b.table}\t${rowFormatKey(b.columns)}`;
        let insert = this.inserts.get(key);
        if (!insert) this.inserts.set(key, (insert = this.open(b)));
        insert.body.write(b.data);
      }
    }
  }

  private open(block: SpoolBlock): TableInsert {
    const body = new PassThrough();
    const done = this.wh.insertStream(block.table, block.columns, body).catch((err: Error) => {
      this.error ??= err;
      body.destroy();
    });
    return { body, done };
  }

  /** Ends every insert; resolves once ClickHouse confirmed them all, else rejects. */
  async finish(): Promise<void> {
    for (const insert of this.inserts.values()) insert.body.end();
    await Promise.all([...this.inserts.values()].map((i) => i.done));
    if (this.error) throw this.error;
  }

  /** Gives the inserts up (the writer inserts the segment the ordinary way). */
  abort(): void {
    this.error ??= new Error('live insert aborted');
    for (const insert of this.inserts.values()) insert.body.destroy();
  }
}
