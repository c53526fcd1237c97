import { Option, type Command } from 'commander';
import { SERVICE_DOMAINS, type ServiceDomain } from '../../domain/catalog/service-catalog.ts';
import { dailyForecast, MAX_HORIZON } from '../../queries/forecast/forecast.query.ts';
import { InsufficientHistoryError } from '../../queries/forecast/daily-model.ts';
import { erlangStaffing, ErlangInputError } from '../../maths/erlang-c.ts';
import { connectWarehouse } from '../../warehouse/client.ts';
import { ensureWarehouse } from '../../warehouse/ensure.ts';
import { addDays } from '../../calendar/local-date.ts';
import { berlinDate } from '../../calendar/berlin-time.ts';
import { InvalidArgumentError } from 'commander';
import { dateArg, UsageError } from '../args.ts';
import { THRESHOLDS } from '../../queries/kpis/definitions.ts';
import { kpiSettings } from '../../queries/targets.ts';

function horizonArg(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > MAX_HORIZON)
    throw new InvalidArgumentError(`expected whole days from 1 to ${MAX_HORIZON}.`);
  return n;
}

function numberArg(min: number, max: number, inclusiveMax = true) {
  return (v: string): number => {
    const n = Number(v.replace(',', '.'));
    if (v.trim() === '' || !Number.isFinite(n) || n < min || (inclusiveMax ? n > max : n >= max)) {
      throw new InvalidArgumentError(
        `expected a number from ${min} to ${inclusiveMax ? '' : 'below '}${max}.`,
      );
    }
    return n;
  };
}

export function registerForecast(program: Command): void {
  program
    .command('forecast')
    .description(
      'Prognose der Kontakte je Tag (JSON) mit 80-/95-%-Intervallen; --backtest gibt die Treffsicherheit aus',
    )
    .addOption(
      new Option('--channel <channel>', 'Kanal')
        .choices(['visit', 'call', 'email'])
        .makeOptionMandatory(),
    )
    .option('--horizon <days>', `Tage voraus (1–${MAX_HORIZON})`, horizonArg, 28)
    .addOption(
      new Option('--domain <domain>', 'nur Besuche dieses Bereichs').choices(SERVICE_DOMAINS),
    )
    .option('--until <date>', 'letzter Tag mit Daten (Standard: gestern)', dateArg)
    .option('--backtest', 'statt der Prognose die Rückblick-Tabelle (MASE, MAPE) ausgeben', false)
    .action(
      async (opts: {
        channel: 'visit' | 'call' | 'email';
        horizon: number;
        domain?: ServiceDomain;
        until?: string;
        backtest: boolean;
      }) => {
        if (opts.domain && opts.channel !== 'visit')
          throw new UsageError('--domain gibt es nur mit --channel visit');
        await ensureWarehouse(() => {});
        const wh = await connectWarehouse({ role: 'reader' });
        try {
          const until = opts.until ?? addDays(berlinDate(new Date()), -1);
          const result = await dailyForecast(wh, {
            channel: `${opts.channel}s` as 'visits' | 'calls' | 'emails',
            domain: opts.domain,
            horizon: opts.horizon,
            until,
            withBacktest: opts.backtest,
          });
          const out = opts.backtest
            ? {
                channel: result.channel,
                domain: result.domain,
                method: result.method,
                ...result.backtest,
              }
            : {
                channel: result.channel,
                domain: result.domain,
                from: result.from,
                to: result.to,
                method: result.method,
                forecast: result.forecast,
              };
          console.log(JSON.stringify(out, null, 2));
        } catch (err) {
          if (err instanceof InsufficientHistoryError) throw new UsageError(err.message);
          throw err;
        } finally {
          await wh.close();
        }
      },
    );

  program
    .command('staffing')
    .description('Personalbedarf nach Erlang C für ein Intervall (JSON)')
    .requiredOption('--calls <n>', 'Anrufe im Intervall', numberArg(0, 1e9))
    .requiredOption('--interval-min <m>', 'Intervalllänge in Minuten', numberArg(1, 1440))
    .requiredOption('--aht-sec <s>', 'mittlere Bearbeitungszeit in Sekunden', numberArg(1, 86400))
    // Defaults: the configured 115 target and the 115 network's answer time (KPI registry).
    .option(
      '--target-sl <p>',
      'Ziel-Servicelevel (0–1)',
      numberArg(0, 1, false),
      kpiSettings().targets.serviceLevel,
    )
    .option(
      '--target-sec <t>',
      'binnen wie vieler Sekunden',
      numberArg(0, 86400),
      THRESHOLDS.callAnswerSeconds,
    )
    .option('--shrinkage <x>', 'Ausfallzeiten (0–1, z. B. 0.3)', numberArg(0, 1, false), 0)
    .action(
      (opts: {
        calls: number;
        intervalMin: number;
        ahtSec: number;
        targetSl: number;
        targetSec: number;
        shrinkage: number;
      }) => {
        try {
          const r = erlangStaffing({
            calls: opts.calls,
            intervalSeconds: opts.intervalMin * 60,
            ahtSeconds: opts.ahtSec,
            targetServiceLevel: opts.targetSl,
            targetSeconds: opts.targetSec,
            shrinkage: opts.shrinkage,
          });
          console.log(
            JSON.stringify({
              agents: r.agents,
              serviceLevel: r.serviceLevel,
              asaSeconds: r.asaSeconds,
              occupancy: r.occupancy,
              staffWithShrinkage: r.staffWithShrinkage,
            }),
          );
        } catch (err) {
          if (err instanceof ErlangInputError) throw new UsageError(err.message);
          throw err;
        }
      },
    );
}
