import { describe, expect, it } from 'vitest';
import { localClusterLayout } from '../../warehouse/cluster/local-cluster.ts';
import { MANAGED_HTTP_PORT, MANAGED_NATIVE_PORT } from '../../warehouse/config.ts';

describe('local test cluster layout', () => {
  const layout = localClusterLayout({ dir: '/tmp/x' });
  const ports = [
    layout.zookeeperPort,
    ...layout.nodes.flatMap((n) => [n.httpPort, n.nativePort, n.interserverPort]),
  ];

  it('is 2 shards × 2 replicas, each node in its own folder', () => {
    expect(layout.nodes.map((n) => [n.name, n.shard, n.replica, n.dir])).toEqual([
      ['ch1', 1, 1, '/tmp/x/ch1'],
      ['ch2', 1, 2, '/tmp/x/ch2'],
      ['ch3', 2, 1, '/tmp/x/ch3'],
      ['ch4', 2, 2, '/tmp/x/ch4'],
    ]);
  });

  it('uses 13 distinct ports, none of the managed server or the dashboard', () => {
    expect(new Set(ports).size).toBe(13);
    for (const taken of [MANAGED_HTTP_PORT, MANAGED_NATIVE_PORT, 19009, 3000, 3001])
      expect(ports).not.toContain(taken);
  });

  it('moves every port with the base, so a test cluster runs beside a developer’s', () => {
    const other = localClusterLayout({ dir: '/tmp/y', basePort: 28700 });
    const otherPorts = [
      other.zookeeperPort,
      ...other.nodes.flatMap((n) => [n.httpPort, n.nativePort, n.interserverPort]),
    ];
    expect(otherPorts.filter((p) => ports.includes(p))).toEqual([]);
  });
});
