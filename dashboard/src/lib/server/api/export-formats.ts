/**
 * CSV and XLSX for every list endpoint. German Excel reads CSV with `;`, a UTF-8 BOM and
 * decimal commas; the workbook has typed cells (numbers stay numbers, shares are formatted
 * as percent) and German headers.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

export type ColumnKind = 'text' | 'date' | 'int' | 'number' | 'share' | 'seconds';

export interface Column<T> {
  key: keyof T & string;
  header: string;
  kind: ColumnKind;
}

const decimal = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 4, useGrouping: false });

/**
 * Text that a spreadsheet would read as a formula (or whose leading control character hides
 * one) gets a leading apostrophe, so stored text from outside (reject payloads, error texts,
 * names) can never run as a formula when the export is opened.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvCell(value: unknown, kind: ColumnKind): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return kind === 'int' ? String(value) : decimal.format(value);
  if (typeof value === 'boolean') return value ? 'ja' : 'nein';
  // German Excel reads dd.mm.yyyy as a date.
  if (kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return `${value.slice(8, 10)}.${value.slice(5, 7)}.${value.slice(0, 4)}`;
  return neutraliseFormula(String(value));
}

export function toCsv<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const records = rows.map((r) => columns.map((c) => csvCell(r[c.key], c.kind)));
  return (
    '\ufeff' +
    stringify([columns.map((c) => c.header), ...records], {
      delimiter: ';',
      record_delimiter: '\r\n',
    })
  );
}

const NUM_FMT: Partial<Record<ColumnKind, string>> = {
  int: '#,##0',
  number: '#,##0.00',
  share: '0.0%',
  seconds: '#,##0',
  date: 'dd.mm.yyyy',
};

export async function toXlsx<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  sheetName: string,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lagebild';
  wb.created = new Date();
  const ws = wb.addWorksheet(sheetName.slice(0, 31));
  ws.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(12, c.header.length + 2),
    style: NUM_FMT[c.kind] ? { numFmt: NUM_FMT[c.kind] } : {},
  }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) {
    ws.addRow(
      Object.fromEntries(
        columns.map((c) => {
          const v = r[c.key];
          if (c.kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))
            return [c.key, new Date(`${v}T00:00:00Z`)];
          return [c.key, v ?? null];
        }),
      ),
    );
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
