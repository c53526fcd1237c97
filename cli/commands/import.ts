import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { FileReadError, importFile } from '../../ingest/importers/file-import.ts';
import { issuanceMapping } from '../../ingest/importers/issuances.ts';
import { loadMapping, MappingError, type Mapping } from '../../ingest/importers/mapping.ts';
import { watchFolder } from '../../ingest/importers/watch-folder.ts';
import { connectWarehouse } from '../../warehouse/client.ts';
import { prepareWarehouse } from '../../warehouse/prepare.ts';
import { dataDir } from '../../config/paths.ts';
import { UsageError } from '../args.ts';

interface ImportOptions {
  mapping?: string;
  source?: string;
  watch?: string;
}

async function importOnce(file: string, mapping: Mapping, source: string): Promise<void> {
  await prepareWarehouse(() => {});
  const wh = await connectWarehouse({ role: 'ingest' });
  try {
    let lastPct = -1;
    const summary = await importFile(file, mapping, {
      wh,
      source,
      onProgress: (p) => {
        const pct = Math.floor((p.bytesRead / Math.max(1, p.totalBytes)) * 100);
        if (pct >= lastPct + 10 || pct === 100) {
          lastPct = pct;
          process.stderr.write(`${pct} % gelesen, ${p.rowsRead.toLocaleString('de-DE')} Zeilen\n`);
        }
      },
    });
    console.log(
      `${summary.file}: ${summary.rowsRead} Zeilen gelesen, ${summary.accepted} übernommen, ${summary.rejected} abgewiesen.`,
    );
    for (const r of summary.sampleRejects) console.log(`  Zeile ${r.line}: ${r.error}`);
    if (summary.rejected > summary.sampleRejects.length)
      console.log(`  … alle Abweisungen auf der Seite Datenqualität.`);
  } catch (err) {
    if (err instanceof FileReadError) throw new UsageError(err.message);
    throw err;
  } finally {
    await wh.close();
  }
}

export function registerImport(program: Command): void {
  const command = program
    .command('import')
    .description(
      'importiert CSV-Exporte (Aufrufsystem, Telefonanlage, Mailsystem, Dienstplan, Terminplan, fehlgeschlagene Terminsuchen) nach einer Mapping-Datei',
    )
    .argument('[file]', 'die zu importierende Datei')
    // Not required of `import issuances`, so checked in the action.
    .option('--mapping <file>', 'Mapping-Datei (JSON, siehe ingest/importers/examples/)')
    .option(
      '--source <name>',
      'Quelle, unter der die Daten gezählt werden (Standard: Name der Mapping-Datei)',
    )
    .option(
      '--watch <dir>',
      'Ordner beobachten und jede abgelegte Datei einmal importieren (nach done/ oder failed/)',
    )
    .addHelpText(
      'after',
      '\nBeispiel: lagebild import anrufe.csv --mapping ingest/importers/examples/telefon-cdr.mapping.json',
    )
    .action(async (file: string | undefined, opts: ImportOptions) => {
      const mappingFile = opts.mapping;
      if (!mappingFile) throw new UsageError('--mapping DATEI angeben');
      if (!file && !opts.watch) throw new UsageError('eine Datei oder --watch DIR angeben');
      if (file && opts.watch)
        throw new UsageError('entweder eine Datei oder --watch, nicht beides');
      if (opts.watch && !(existsSync(opts.watch) && statSync(opts.watch).isDirectory()))
        throw new UsageError(`--watch: ${opts.watch} ist kein Ordner`);
      let mapping;
      try {
        mapping = loadMapping(mappingFile);
      } catch (err) {
        throw new UsageError((err as MappingError).message);
      }
      const source =
        opts.source ?? mappingFile.replace(/^.*\//, '').replace(/\.mapping\.json$|\.json$/, '');
      if (!opts.watch) return importOnce(file!, mapping, source);
      await prepareWarehouse(() => {});
      const wh = await connectWarehouse({ role: 'ingest' });
      try {
        const controller = new AbortController();
        process.once('SIGINT', () => controller.abort());
        process.once('SIGTERM', () => controller.abort());
        console.log(`Beobachte ${opts.watch} (Strg+C beendet) …`);
        await watchFolder(opts.watch, mapping, {
          wh,
          source,
          stateFile: join(dataDir(), 'imported-files.json'),
          signal: controller.signal,
        });
      } finally {
        await wh.close();
      }
    });
  command
    .command('issuances')
    .description(
      'importiert monatliche Ausstellungszahlen (Personalausweis, Reisepass, Führerschein-Umtausch) für die Erneuerungswellen',
    )
    .argument(
      '<file>',
      'CSV mit den Spalten month;document;issued;site (z. B. 2016-03;reisepass;412;offenbach)',
    )
    .action((file: string) => importOnce(file, issuanceMapping(file), 'ausstellungen'));
}
