import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { daysBetween, type LocalDate } from '../../calendar/local-date.ts';
import { demoAnnotations, generateDays } from '../../demo/generator.ts';
import { annotationsCsv, rosterCsvHeader, rosterCsvLine } from '../../demo/csv-export.ts';
import { dateArg, intArg, positiveNumberArg, UsageError } from '../args.ts';
import { progressBar } from '../progress.ts';

interface GenerateOptions {
  from: LocalDate;
  to: LocalDate;
  seed: number;
  scale: number;
  out?: string;
}

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function close(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description(
      'erzeugt realistische Demodaten (NDJSON-Ereignisse nach dem Vertrag), reproduzierbar je Seed',
    )
    .requiredOption('--from <date>', 'erster Tag (YYYY-MM-DD)', dateArg)
    .requiredOption('--to <date>', 'letzter Tag (YYYY-MM-DD)', dateArg)
    .option('--seed <n>', 'Startwert des Zufallsgenerators', intArg, 42)
    .option(
      '--scale <x>',
      'Vielfaches des Bürgerbüros (100 ≈ landesweites Netz)',
      positiveNumberArg,
      1,
    )
    .option(
      '--out <file>',
      'Ausgabedatei (sonst Standardausgabe); Dienstplan und Anmerkungen als <file>.roster.csv / <file>.annotations.csv',
    )
    .addHelpText(
      'after',
      '\nBeispiel: lagebild generate --from 2023-01-01 --to 2026-12-31 --seed 42 --out demo.ndjson',
    )
    .action(async (opts: GenerateOptions) => {
      if (opts.from > opts.to)
        throw new UsageError(`--from ${opts.from} liegt nach --to ${opts.to}`);
      const gen = { from: opts.from, to: opts.to, seed: opts.seed, scale: opts.scale };
      const events = opts.out ? createWriteStream(opts.out) : process.stdout;
      const roster = opts.out ? createWriteStream(`${opts.out}.roster.csv`) : undefined;
      const bar = progressBar('Erzeuge', daysBetween(opts.from, opts.to) + 1, 'Tage');
      if (roster) await write(roster, rosterCsvHeader());
      let days = 0;
      let count = 0;
      for (const day of generateDays(gen)) {
        let chunk = '';
        for (const e of day.events) chunk += JSON.stringify(e) + '\n';
        await write(events, chunk);
        if (roster) await write(roster, day.roster.map(rosterCsvLine).join(''));
        count += day.events.length;
        bar.update(++days, count);
      }
      bar.stop();
      if (opts.out) {
        await close(events as WriteStream);
        await close(roster as WriteStream);
        const annotations = createWriteStream(`${opts.out}.annotations.csv`);
        await write(annotations, annotationsCsv(demoAnnotations(gen)));
        await close(annotations);
        console.error(`${count} Ereignisse an ${days} Tagen nach ${opts.out} geschrieben.`);
      }
    });
}
