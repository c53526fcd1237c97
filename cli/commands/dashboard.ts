import type { Command } from 'commander';
import { startDashboard } from '../../dashboard/server/start-dashboard.ts';
import { installCrashHandlers } from '../supervise/crash-handlers.ts';
import { reportReady, stopWhenSupervisorGone } from '../supervise/under-supervisor.ts';

export function registerDashboard(program: Command): void {
  program
    .command('dashboard')
    .description(
      'startet nur das Dashboard mit der Lese-API (LAGEBILD_HOST:LAGEBILD_PORT, Standard 127.0.0.1:3000)',
    )
    .action(async () => {
      installCrashHandlers('Dashboard');
      const { server, url } = await startDashboard();
      console.log(`Dashboard läuft: ${url}`);
      reportReady(url);
      await new Promise<void>((resolve) => {
        const stop = () => server.close(() => resolve());
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
        stopWhenSupervisorGone(stop);
      });
    });
}
