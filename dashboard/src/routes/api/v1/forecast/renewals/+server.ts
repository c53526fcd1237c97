import { endpoint } from '$lib/server/api/respond.ts';
import { parseInteger, parseSite } from '$lib/server/api/params.ts';
import { yesterday } from '$lib/server/period.ts';
import { addDays } from '$calendar/local-date.ts';
import { DOCUMENT_LABELS, DOCUMENTS, type DocumentType } from '$queries/forecast/documents.ts';
import { renewalWaves } from '$queries/forecast/renewal-waves.query.ts';

type RenewalRow = { month: string; expectedRenewals: number | null } & Record<
  DocumentType,
  number | null
>;

export const GET = endpoint({
  params: async (q, wh) => ({
    from: addDays(yesterday(), 1),
    months: parseInteger(q, 'months', 1, 36, 12),
    site: await parseSite(wh),
  }),
  run: renewalWaves,
  table: {
    name: 'erneuerungswellen',
    // One column per document type; an empty cell is unknown (no issuance count for a month it rests on).
    rows: (r) =>
      r.map((m): RenewalRow => ({
        month: m.month,
        ...(Object.fromEntries(
          DOCUMENTS.map((d) => [
            d,
            m.byDocument.find((b) => b.document === d)?.expectedRenewals ?? null,
          ]),
        ) as Record<DocumentType, number | null>),
        expectedRenewals: m.expectedRenewals,
      })),
    columns: [
      { key: 'month', header: 'Monat', kind: 'date' },
      ...DOCUMENTS.map((d) => ({ key: d, header: DOCUMENT_LABELS[d], kind: 'number' as const })),
      { key: 'expectedRenewals', header: 'erwartete Erneuerungen', kind: 'number' },
    ],
  },
});
