/**
 * Renewal waves: passports and ID cards issued 10 years ago (holders aged 24 and over) or 6
 * years ago (younger holders) expire now and come back as applications; exchanged driving
 * licences are valid 15 years. From the monthly issuances imported as reference data
 * (`lagebild import issuances`), the expected renewals per month and document type; an input
 * planners can switch on beside the demand forecast. Validity periods and shares are
 * configurable per document type. A month without an imported count is unknown, not zero.
 */
import type { LocalDate } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql } from '../../warehouse/literal.ts';
import { DOCUMENTS, type DocumentType } from './documents.ts';

export interface Validity {
  years: number;
  /** Share of issuances with this validity (e.g. 0.85 adults with 10 years). */
  share: number;
}

const ID_VALIDITIES: Validity[] = [
  { years: 10, share: 0.85 },
  { years: 6, share: 0.15 },
];

export const DEFAULT_VALIDITIES: Record<DocumentType, Validity[]> = {
  personalausweis: ID_VALIDITIES,
  reisepass: ID_VALIDITIES,
  'fuehrerschein-umtausch': [{ years: 15, share: 1 }],
};

export interface RenewalBasis {
  document: DocumentType;
  /** First day of the month of issuance. */
  issuedIn: string;
  /** null: no count imported for that month (unknown, not zero). */
  issued: number | null;
  years: number;
  share: number;
}

export interface DocumentRenewals {
  document: DocumentType;
  /** null while any month it rests on is unknown. */
  expectedRenewals: number | null;
}

export interface RenewalMonth {
  /** First day of the month. */
  month: string;
  /** Sum over the documents whose expectation is known; null when none is. */
  expectedRenewals: number | null;
  byDocument: DocumentRenewals[];
  /** Documents with imported issuances whose expectation for this month is unknown. */
  unknown: DocumentType[];
  basedOn: RenewalBasis[];
}

export function shiftMonths(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${yy}-${String(mm + 1).padStart(2, '0')}-01`;
}

/** Issued per document and month (first day), the newest import of each site's month summed over the sites. */
export async function monthlyIssuances(
  wh: Warehouse,
  p: { from: string; to: string; site?: string },
): Promise<Map<string, number>> {
  const rows = await wh.query<{ m: string; d: string; n: number }>(sql`
    SELECT toString(month) AS m, toString(document) AS d, sum(latest) AS n FROM (
      SELECT site, document, month, argMax(issued, version) AS latest FROM issuances
      WHERE month BETWEEN ${lit.date(p.from)} AND ${lit.date(p.to)}${p.site ? sql` AND site = ${lit.string(p.site)}` : sql``}
      GROUP BY site, document, month
    ) AS latest_months
    GROUP BY m, d`);
  return new Map(rows.map((r) => [`${r.d}|${r.m}`, Number(r.n)]));
}

/** Which documents have any imported issuance in the selection (the others are not tracked). */
async function trackedDocuments(wh: Warehouse, site?: string): Promise<Set<string>> {
  const rows = await wh.query<{ d: string }>(sql`
    SELECT DISTINCT toString(document) AS d FROM issuances${site ? sql` WHERE site = ${lit.string(site)}` : sql``}`);
  return new Set(rows.map((r) => r.d));
}

export async function renewalWaves(
  wh: Warehouse,
  p: {
    from: LocalDate;
    months: number;
    validities?: Partial<Record<DocumentType, Validity[]>>;
    site?: string;
  },
): Promise<RenewalMonth[]> {
  const validities = { ...DEFAULT_VALIDITIES, ...p.validities };
  const first = `${p.from.slice(0, 7)}-01`;
  const months = Array.from({ length: p.months }, (_, i) => shiftMonths(first, i));
  const longest = Math.max(...DOCUMENTS.flatMap((d) => validities[d].map((v) => v.years)));
  const shortest = Math.min(...DOCUMENTS.flatMap((d) => validities[d].map((v) => v.years)));
  const [issued, tracked] = await Promise.all([
    monthlyIssuances(wh, {
      from: shiftMonths(first, -12 * longest),
      to: shiftMonths(months[months.length - 1]!, -12 * shortest),
      site: p.site,
    }),
    trackedDocuments(wh, p.site),
  ]);
  return expectRenewals(
    issued,
    months,
    DOCUMENTS.filter((d) => tracked.has(d)),
    validities,
  );
}

/**
 * The expected renewals of `months` from issued counts keyed `document|YYYY-MM-01`: per
 * document the sum over its validities of share × issued that many years before, unknown
 * (null) as soon as one of those months has no count.
 */
export function expectRenewals(
  issued: ReadonlyMap<string, number>,
  months: readonly string[],
  documents: readonly DocumentType[],
  validities: Record<DocumentType, Validity[]> = DEFAULT_VALIDITIES,
): RenewalMonth[] {
  return months.map((month) => {
    const basedOn: RenewalBasis[] = [];
    const byDocument = documents.map((document): DocumentRenewals => {
      let sum: number | null = 0;
      for (const v of validities[document]) {
        const issuedIn = shiftMonths(month, -12 * v.years);
        const n = issued.get(`${document}|${issuedIn}`) ?? null;
        basedOn.push({ document, issuedIn, issued: n, years: v.years, share: v.share });
        sum = n === null || sum === null ? null : sum + n * v.share;
      }
      return { document, expectedRenewals: sum };
    });
    const known = byDocument.filter((d) => d.expectedRenewals !== null);
    return {
      month,
      expectedRenewals: known.length ? known.reduce((s, d) => s + d.expectedRenewals!, 0) : null,
      byDocument,
      unknown: byDocument.filter((d) => d.expectedRenewals === null).map((d) => d.document),
      basedOn,
    };
  });
}
