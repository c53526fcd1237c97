import type { Reporter, TestModule } from 'vitest/node';
import { Warehouse } from '../../warehouse/client.ts';
import { warehouseConfig } from '../../warehouse/config.ts';
import { embeddedEngineVersion } from '../../warehouse/embedded-engine.ts';

/**
 * Closes the run with one line per engine: which ClickHouse the tests ran on and how many
 * passed, failed and were skipped there, the version asked of the engine itself.
 */
export default class EngineReport implements Reporter {
  async onTestRunEnd(modules: ReadonlyArray<TestModule>): Promise<void> {
    const byEngine = new Map<string, { passed: number; failed: number; skipped: number }>();
    for (const mod of modules) {
      const engine = mod.project.name;
      const counts = byEngine.get(engine) ?? { passed: 0, failed: 0, skipped: 0 };
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
      if (mod.state() === 'failed' && ![...mod.children.allTests('failed')].length) counts.failed++;
      byEngine.set(engine, counts);
    }
    for (const [engine, c] of byEngine)
      console.log(
        `${await engineLabel(engine)}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`,
      );
  }
}

async function engineLabel(project: string): Promise<string> {
  if (project === 'chdb') return `ClickHouse ${embeddedEngineVersion()} (chdb, im Testprozess)`;
  const wh = new Warehouse(warehouseConfig(), 'admin', 'system');
  try {
    return `ClickHouse ${await wh.serverVersion()} (Server ${wh.url})`;
  } catch {
    return `ClickHouse-Server ${wh.url} (Version nicht abfragbar)`;
  } finally {
    await wh.close();
  }
}
