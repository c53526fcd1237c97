import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { FileReadError, importFile } from '../../ingest/importers/file-import.ts';
import { loadMapping, MappingError } from '../../ingest/importers/mapping.ts';
import { watchFolder } from '../../ingest/importers/watch-folder.ts';
import { connectWarehouse } from '../../warehouse/client.ts';
import { prepareWarehouse } from '../../warehouse/prepare.ts';
import { dataDir } from '../../config/paths.ts';
import { UsageError } from '../args.ts';

interface ImportOptions {
  mapping: string;
  source?: string;
  watch?: string;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'importiert CSV-Exporte (Aufrufsystem, Telefonanlage, Mailsystem, Dienstplan) nach einer Mapping-Datei',
    )
    .argument('[file]', 'die zu importierende Datei')
    .requiredOption('--mapping <file>', 'Mapping-Datei (JSON, siehe ingest/importers/examples/)')
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
      if (!file && !opts.watch) throw new UsageError('eine Datei oder --watch DIR angeben');
      if (file && opts.watch)
        throw new UsageError('entweder eine Datei oder --watch, nicht beides');
      if (opts.watch && !(existsSync(opts.watch) && statSync(opts.watch).isDirectory()))
        throw new UsageError(`--watch: ${opts.watch} ist kein Ordner`);
      let mapping;
      try {
        mapping = loadMapping(opts.mapping);
      } catch (err) {
        throw new UsageError((err as MappingError).message);
      }
      const source =
        opts.source ?? opts.mapping.replace(/^.*\//, '').replace(/\.mapping\.json$|\.json$/, '');
      await prepareWarehouse(() => {});
      const wh = await connectWarehouse({ role: 'ingest' });
      try {
        if (opts.watch) {
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
          return;
        }
        let lastPct = -1;
        const summary = await importFile(file!, mapping, {
          wh,
          source,
          onProgress: (p) => {
            const pct = Math.floor((p.bytesRead / Math.max(1, p.totalBytes)) * 100);
            if (pct >= lastPct + 10 || pct === 100) {
              lastPct = pct;
              process.stderr.write(
                `${pct} % gelesen, ${p.rowsRead.toLocaleString('de-DE')} Zeilen\n`,
              );
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
    });
}
