/**
 * Issuance history of the demo office: monthly issued Personalausweise, Reisepässe and
 * exchanged driving licences per site, from ten years before the visit history up to its
 * end. Inside the visit history each month is counted from the demo's own completed visits
 * (one document per applied-for service), so issuances and visits agree. Before it, each
 * month repeats the same calendar month of the history's first year, times the waves that
 * the real registry statistics justify: the passports of the 2007 rush before fingerprints
 * became mandatory came back in 2017, the old-format ID cards of the rush before the new
 * card (November 2010) in autumn 2020. The demo's visits hold no renewal wave beyond what
 * those months carry, so the expected renewals over the history echo the history itself.
 */
import type { LocalDate } from '../calendar/local-date.ts';
import type { Event } from '../domain/contract/event.ts';
import type { DocumentType, Issuance } from '../ingest/importers/issuances.ts';

/** First day of the month `n` months after the month of `d`. */
function shiftMonths(d: string, n: number): string {
  const m = Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1 + n;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
}

/** Which applied-for service issues which document. */
const ISSUING_SERVICES: ReadonlyMap<string, DocumentType> = new Map([
  ['PA-ANTRAG', 'personalausweis'],
  ['PASS-ANTRAG', 'reisepass'],
  ['KIND-PASS', 'reisepass'],
  ['FE-UMTAUSCH', 'fuehrerschein-umtausch'],
]);

const HISTORY_YEARS = 10;

/** Justified waves before the visit history: document, months (YYYY-MM, inclusive), factor. */
const WAVES: [DocumentType, string, string, number][] = [
  ['reisepass', '2017-06', '2017-10', 1.4],
  ['personalausweis', '2020-09', '2020-12', 1.4],
];

function waveFactor(document: DocumentType, month: string): number {
  const ym = month.slice(0, 7);
  let f = 1;
  for (const [d, from, to, factor] of WAVES)
    if (d === document && from <= ym && ym <= to) f *= factor;
  return f;
}

/** Counts issuing visits per site, document and month as the generator's days go by. */
export class IssuanceTally {
  private readonly counts = new Map<string, number>();
  private readonly sites = new Set<string>();

  add(date: LocalDate, events: readonly Event[]): void {
    const month = `${date.slice(0, 7)}-01`;
    for (const e of events) {
      if (e.type !== 'visit' || e.outcome !== 'completed') continue;
      this.sites.add(e.site);
      for (const s of e.services) {
        const document = ISSUING_SERVICES.get(s);
        if (!document) continue;
        const key = `${e.site}|${document}|${month}`;
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      }
    }
  }

  /**
   * The issuances from ten years before `from` to the month of `to`. A month the visit
   * history covers completely is its count; the running last month is its count so far; a
   * first month the history covers only in part counts as before the history.
   */
  issuances(range: { from: LocalDate; to: LocalDate }): Issuance[] {
    const firstFull = range.from.endsWith('-01')
      ? `${range.from.slice(0, 7)}-01`
      : shiftMonths(range.from, 1);
    const last = `${range.to.slice(0, 7)}-01`;
    const start = shiftMonths(firstFull, -12 * HISTORY_YEARS);
    const out: Issuance[] = [];
    const documents = [...new Set(ISSUING_SERVICES.values())];
    for (const site of [...this.sites].sort()) {
      for (const document of documents) {
        const count = (m: string) => this.counts.get(`${site}|${document}|${m}`) ?? 0;
        const full: string[] = [];
        for (let m = firstFull; m < last; m = shiftMonths(m, 1)) full.push(m);
        if (full.length === 0) continue;
        // The first year of the history only: a backtest over its last year then sees no
        // renewal derived from the very days it is scored on.
        const firstYear = full.slice(0, 12);
        const byCalendarMonth = (m: string) => {
          const same = firstYear.find((f) => f.slice(5, 7) === m.slice(5, 7));
          return same
            ? count(same)
            : firstYear.reduce((s, f) => s + count(f), 0) / firstYear.length;
        };
        for (let m = start; m <= last; m = shiftMonths(m, 1)) {
          const issued =
            m >= firstFull ? count(m) : Math.round(byCalendarMonth(m) * waveFactor(document, m));
          out.push({ month: m.slice(0, 7), document, issued, site });
        }
      }
    }
    return out;
  }
}
