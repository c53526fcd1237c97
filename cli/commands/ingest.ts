import type { Command } from 'commander';
import { ingestConfig } from '../../ingest/config.ts';
import { startIngestService } from '../../ingest/service.ts';
import { prepareWarehouse } from '../../warehouse/prepare.ts';
import { installCrashHandlers } from '../supervise/crash-handlers.ts';
import { reportReady, stopWhenSupervisorGone } from '../supervise/under-supervisor.ts';

/** Runs the service until SIGTERM/SIGINT, then flushes within the deadline and exits. */
export async function runIngestUntilSignal(): Promise<void> {
  installCrashHandlers('Ingest-Dienst');
  const config = ingestConfig();
  const service = await startIngestService(config);
  console.log(`Ingest-Dienst läuft: ${service.url}/v1/events (Spool ${config.spoolDir})`);
  reportReady(service.url);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = async (reason: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`${reason}: nehme nichts mehr an, schreibe den Spool nach ClickHouse …`);
      const drained = await service.shutdown();
      console.log(
        drained
          ? 'Spool leer, Ingest-Dienst beendet.'
          : 'Frist abgelaufen: Rest bleibt im Spool und wird beim nächsten Start nachgetragen.',
      );
      resolve();
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
    stopWhenSupervisorGone(() => void stop('lagebild serve ist beendet'));
  });
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('startet den Ingest-Dienst (POST /v1/events, GET /v1/health, GET /metrics)')
    .option('--no-migrate', 'Schema nicht prüfen (ClickHouse darf beim Start fehlen)')
    .action(async (opts: { migrate: boolean }) => {
      if (opts.migrate) {
        await prepareWarehouse();
      }
      await runIngestUntilSignal();
    });
}
