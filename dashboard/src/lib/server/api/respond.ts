/**
 * One way every read-API endpoint answers: parameters checked (400 naming the parameter),
 * then JSON, or with `?format=csv|xlsx` a German CSV or a real Excel workbook.
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import { isLocalDate } from '$calendar/local-date.ts';
import { ParamError } from '$queries/shared/range.ts';
import type { Warehouse } from '$warehouse/client.ts';
import { readerWarehouse } from '../warehouse.ts';
import { describeFailure } from '../http/failure.ts';
import { toCsv, toXlsx, type Column } from './export-formats.ts';

const FORMATS = ['json', 'csv', 'xlsx'] as const;
type Format = (typeof FORMATS)[number];

/** What CSV and XLSX hold: the rows of a result and their columns (German headers). */
export interface Table<R, Row> {
  name: string;
  rows: (r: R) => readonly Row[];
  columns: readonly Column<Row>[];
}

export interface Endpoint<P extends object, R, Row> {
  /** Reads and checks the query string; throws ParamError for a bad parameter. */
  params: (q: URLSearchParams, wh: Warehouse) => P | Promise<P>;
  run: (wh: Warehouse, p: P) => Promise<R>;
  /** Without it the endpoint answers JSON only. */
  table?: Table<R, Row>;
}

function badRequest(param: string, message: string): Response {
  return json({ error: message, param }, { status: 400 });
}

/**
 * The download's name: the table's name and the checked dates of the parameters, never a
 * raw query value (it goes into a header).
 */
function downloadName(name: string, params: object): string {
  const fields = new Map(Object.entries(params));
  const dates = ['from', 'to', 'date']
    .map((key) => fields.get(key))
    .filter((d): d is string => typeof d === 'string' && isLocalDate(d));
  return [name, ...dates].join('-');
}

export function endpoint<P extends object, R, Row>(spec: Endpoint<P, R, Row>) {
  return async ({ url }: RequestEvent): Promise<Response> => {
    const q = url.searchParams;
    const format = (q.get('format') ?? 'json') as Format;
    if (!FORMATS.includes(format))
      return badRequest('format', `format: "${format}" is not one of ${FORMATS.join(', ')}`);
    if (format !== 'json' && !spec.table)
      return badRequest('format', `format: this endpoint answers JSON only`);
    const wh = readerWarehouse();
    let params: P;
    try {
      params = await spec.params(q, wh);
    } catch (err) {
      if (err instanceof ParamError) return badRequest(err.param, err.message);
      throw err;
    }
    let result: R;
    try {
      result = await spec.run(wh, params);
    } catch (err) {
      if (err instanceof ParamError) return badRequest(err.param, err.message);
      const failure = describeFailure(err);
      if (failure.status === 500) console.error(`read API ${url.pathname}:`, err);
      else console.error(`read API ${url.pathname}: ${(err as Error).message}`);
      return json({ error: failure.message }, { status: failure.status });
    }
    if (format === 'json' || !spec.table) return json(result);
    const rows = spec.table.rows(result);
    const filename = downloadName(spec.table.name, params);
    if (format === 'csv') {
      return new Response(toCsv(rows, spec.table.columns), {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${filename}.csv"`,
        },
      });
    }
    return new Response(new Uint8Array(await toXlsx(rows, spec.table.columns, spec.table.name)), {
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="${filename}.xlsx"`,
      },
    });
  };
}
