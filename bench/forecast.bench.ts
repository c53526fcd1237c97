/**
 * `npm run bench forecast`: the project's demand model beside its peers on the same
 * rolling-origin backtest (12 origins over the last year, horizons 1–91 days): seasonal
 * naive, MSTL + AutoETS and Prophet with the Hessian holiday calendar (`@bsull/augurs`).
 * MASE, WAPE, bias and interval coverage per channel and horizon band, on the demo history
 * and on the same history with a lasting +15 % level change six months before its end.
 * For the counter visits also the project's model with the expected renewals of ID cards and
 * passports as a regressor ("mit Erneuerungswellen"), from the demo's issuance history.
 * Needs no database: the series come straight from the demo generator.
 */
import { addDays } from '../calendar/local-date.ts';
import { demoRange } from '../demo/demo-range.ts';
import { IssuanceTally } from '../demo/issuances.ts';
import { fitDailyModel, forecastDays } from '../queries/forecast/daily-model.ts';
import { DOCUMENTS } from '../queries/forecast/documents.ts';
import { renewalRegressor } from '../queries/forecast/renewal-regressor.ts';
import { expectRenewals, shiftMonths } from '../queries/forecast/renewal-waves.query.ts';
import {
  backtest,
  HORIZON_BANDS,
  projectModel,
  type BacktestRow,
  type Forecaster,
} from '../queries/forecast/backtest.ts';
import { demoDailySeries, withLevelShift, type SeriesChannel } from './demo-daily-series.ts';
import { mstlEts, prophet, seasonalNaive } from './forecast-peers.ts';
import { fmt, progress, seconds } from './support.ts';

const YEARS = Number(process.env.BENCH_FORECAST_YEARS ?? 3);
const MAX_HORIZON = 91;
const BANDS = HORIZON_BANDS.filter(([, from]) => from <= MAX_HORIZON).map(([label]) => label);
const CHANNELS: [SeriesChannel, string][] = [
  ['visits', 'Besuche'],
  ['calls', '115-Anrufe'],
  ['emails', 'E-Mails'],
];
const METHODS: [string, Forecaster][] = [
  ['Lagebild', projectModel],
  ['saisonal naiv', seasonalNaive],
  ['MSTL + AutoETS', mstlEts],
  ['Prophet (Feiertage HE)', prophet],
];

const num = (x: number | null, digits = 2) => (x === null ? '–' : fmt(x, digits));
const pct = (x: number | null) => (x === null || Number.isNaN(x) ? '–' : `${fmt(100 * x, 1)} %`);

function printRows(method: string, rows: BacktestRow[], with95: boolean): void {
  for (const r of rows.filter((r) => BANDS.includes(r.horizon)))
    console.log(
      `  ${method.padEnd(31)} ${r.horizon.padEnd(11)} MASE ${num(r.mase).padStart(5)}  WAPE ${pct(r.wape).padStart(7)}  Bias ${pct(r.bias).padStart(8)}  80 %-Intervall ${pct(r.coverage80).padStart(7)}${with95 ? `  95 %-Intervall ${pct(r.coverage95).padStart(7)}` : ''}`,
    );
}

export async function benchForecast(): Promise<void> {
  const range = demoRange(YEARS);
  const t0 = performance.now();
  const tally = new IssuanceTally();
  const plain = demoDailySeries(
    range.from,
    range.to,
    42,
    (d) => {
      if (d.endsWith('-01') && d.slice(5, 7) === '01') progress(`Demodaten ${d.slice(0, 4)}`);
    },
    tally,
  );
  // Renewals from the issuances as the warehouse would hold them, for every month of the
  // history and the forecast horizon.
  const issued = new Map(
    tally
      .issuances(range)
      .filter((i) => i.site === 'offenbach')
      .map((i) => [`${i.document}|${i.month}-01`, i.issued]),
  );
  const firstMonth = `${range.from.slice(0, 7)}-01`;
  const months = Array.from({ length: 12 * YEARS + 6 }, (_, i) => shiftMonths(firstMonth, i));
  const regressor = renewalRegressor(expectRenewals(issued, months, DOCUMENTS));
  const withRenewals: Forecaster = (train, horizon, opensOnWeekends) =>
    forecastDays(fitDailyModel(train, opensOnWeekends, { regressor }), horizon);
  progress(`Demohistorie ${range.from} bis ${range.to} erzeugt (${fmt(seconds(t0), 1)} s)`);
  const shiftFrom = addDays(range.to, -182);
  const histories = [
    ['Demohistorie', plain],
    [
      `dieselbe Historie, ab ${shiftFrom} dauerhaft +15 %`,
      Object.fromEntries(
        CHANNELS.map(([c]) => [c, withLevelShift(plain[c], shiftFrom, 1.15)]),
      ) as typeof plain,
    ],
  ] as const;
  let wins = 0;
  let cells = 0;
  const coverageMisses: string[] = [];
  const renewalRows: string[] = [];
  for (const [title, series] of histories) {
    console.log(
      `\nPrognose-Rückblicktest (${title}), 12 Ursprünge im letzten Jahr, Horizont bis ${MAX_HORIZON} Tage`,
    );
    for (const [channel, label] of CHANNELS) {
      console.log(` ${label}`);
      const scores = new Map<string, BacktestRow[]>();
      const methods: [string, Forecaster][] =
        channel === 'visits'
          ? [METHODS[0]!, ['Lagebild mit Erneuerungswellen', withRenewals], ...METHODS.slice(1)]
          : METHODS;
      for (const [method, forecaster] of methods) {
        const t = performance.now();
        const result = backtest(
          series[channel],
          channel === 'emails',
          { maxHorizon: MAX_HORIZON },
          forecaster,
        );
        progress(`${label}, ${method}: ${fmt(seconds(t), 1)} s`);
        scores.set(method, result.rows);
        printRows(method, result.rows, method.startsWith('Lagebild'));
        if (method === 'Lagebild') {
          const r = result.rows[0]!;
          console.log(
            `  ${'Vergleich: wie im Vorjahr'.padEnd(31)} ${r.horizon.padEnd(11)} MASE ${num(r.lastYearMase).padStart(5)}  (8–28: ${num(result.rows[1]!.lastYearMase)}, 29–91: ${num(result.rows[2]!.lastYearMase)})`,
          );
        }
      }
      for (const band of BANDS) {
        const mase = (m: string) =>
          scores.get(m)!.find((r) => r.horizon === band)!.mase ?? Infinity;
        if (channel === 'visits')
          renewalRows.push(
            `  ${title}, ${band}: ohne ${num(mase('Lagebild'))}, mit Erneuerungswellen ${num(mase('Lagebild mit Erneuerungswellen'))}`,
          );
        const best = Math.min(...METHODS.map(([m]) => mase(m)));
        cells++;
        if (mase('Lagebild') <= best) wins++;
        const cov = scores.get('Lagebild')!.find((r) => r.horizon === band)!.coverage80;
        if (cov === null || cov < 0.75 || cov > 0.85)
          coverageMisses.push(`${title}, ${label}, ${band}: ${pct(cov)}`);
      }
    }
  }
  console.log(`\nBesuche, MASE ohne und mit Erneuerungswellen als Regressor:`);
  for (const line of renewalRows) console.log(line);
  console.log(
    `\nLagebild hat die niedrigste MASE in ${wins} von ${cells} Feldern (Kanal × Horizont × Historie).`,
  );
  console.log(
    coverageMisses.length
      ? `80 %-Intervalle außerhalb von 75–85 %: ${coverageMisses.join('; ')}`
      : '80 %-Intervalle decken in jedem Feld 75–85 % ab.',
  );
}
