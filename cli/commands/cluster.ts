import type { Command } from 'commander';
import {
  clusterDown,
  clusterStatus,
  clusterUp,
  localClusterLayout,
} from '../../warehouse/cluster/local-cluster.ts';

export function registerCluster(program: Command): void {
  const cluster = program
    .command('cluster')
    .description(
      'lokaler Test-Cluster für Entwicklung und Tests: ZooKeeper und 4 ClickHouse-Server (2 Shards × 2 Replikate) auf 127.0.0.1, Daten unter .data/cluster/',
    );
  cluster
    .command('up')
    .description(
      'startet ZooKeeper und alle Knoten, die nicht laufen, und wartet, bis alle antworten',
    )
    .action(async () => {
      const layout = localClusterLayout();
      const result = await clusterUp(layout);
      console.log(
        result.started.length
          ? `Cluster ${layout.name} läuft (gestartet: ${result.started.join(', ')}).`
          : `Cluster ${layout.name} lief bereits.`,
      );
      for (const n of layout.nodes)
        console.log(
          `  ${n.name}: Shard ${n.shard}, Replik ${n.replica}, HTTP 127.0.0.1:${n.httpPort}, nativ ${n.nativePort}`,
        );
      console.log(
        `Umgebung für Lagebild (mit Passwörtern, nur für Sie lesbar): ${result.envFile}\n` +
          `  z. B.: set -a; . ${result.envFile}; set +a; npx lagebild migrate`,
      );
    });
  cluster
    .command('down')
    .description('beendet alle Knoten und ZooKeeper (die Daten bleiben)')
    .action(async () => {
      const stopped = await clusterDown();
      console.log(stopped.length ? `Beendet: ${stopped.join(', ')}.` : 'Der Cluster lief nicht.');
    });
  cluster
    .command('status')
    .description('zeigt je Knoten, ob er antwortet, und den Zustand seiner replizierten Tabellen')
    .action(async () => {
      const s = await clusterStatus();
      console.log(`ZooKeeper: ${s.zookeeper ? 'läuft' : 'läuft nicht'}`);
      for (const { node, up, replicatedTables, unhealthy } of s.nodes) {
        const tables = !up
          ? ''
          : replicatedTables === 0
            ? ', noch keine replizierten Tabellen'
            : unhealthy.length === 0
              ? `, ${replicatedTables} replizierte Tabellen in Ordnung`
              : `, ${unhealthy.length} von ${replicatedTables} replizierten Tabellen mit Problemen: ${unhealthy
                  .map(
                    (h) =>
                      `${h.table} (${[
                        h.readonly && 'nur lesbar',
                        h.sessionExpired && 'ZooKeeper-Sitzung abgelaufen',
                        h.absoluteDelay > 60 && `${h.absoluteDelay} s Rückstand`,
                        h.activeReplicas < h.totalReplicas &&
                          `${h.activeReplicas} von ${h.totalReplicas} Replikaten aktiv`,
                      ]
                        .filter(Boolean)
                        .join(', ')})`,
                  )
                  .join('; ')}`;
        console.log(
          `${node.name} (Shard ${node.shard}, Replik ${node.replica}, Port ${node.httpPort}): ${up ? 'läuft' : 'läuft nicht'}${tables}`,
        );
      }
      const healthy = s.zookeeper && s.nodes.every((n) => n.up && n.unhealthy.length === 0);
      process.exitCode = healthy ? 0 : 3;
    });
}
