import { describe, expect, it } from 'vitest';
import { neutraliseFormula, toCsv } from '../../dashboard/src/lib/server/api/export-formats.ts';

describe('CSV exports', () => {
  it('prefix every text cell a spreadsheet would run as a formula', () => {
    for (const t of ['=1+1', '+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1'])
      expect(neutraliseFormula(t)).toBe(`'${t}`);
    for (const t of ['Termin', '1-2', ' =1', "'=1", '']) expect(neutraliseFormula(t)).toBe(t);
  });

  it('leave numbers numbers, negative ones included', () => {
    const csv = toCsv(
      [{ text: '=HYPERLINK("x")', n: -0.5, i: -3 }],
      [
        { key: 'text', header: 'Text', kind: 'text' },
        { key: 'n', header: 'Zahl', kind: 'number' },
        { key: 'i', header: 'Ganz', kind: 'int' },
      ],
    );
    expect(csv).toBe('\ufeffText;Zahl;Ganz\r\n"\'=HYPERLINK(""x"")";-0,5;-3\r\n');
  });
});
