/**
 * The local test cluster (`lagebild cluster up|down|status`): Debian's ZooKeeper run
 * standalone with java and four clickhouse-server 18.16 processes on loopback, 2 shards × 2
 * replicas, each with its own ports and data folder under `<LAGEBILD_DATA_DIR>/cluster/`. For
 * development and the cluster tests, never for production (one machine, one ZooKeeper).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dataDir, privateDir } from '../../config/paths.ts';
import { Warehouse } from '../client.ts';
import type { Credentials, Role, WarehouseConfig } from '../config.ts';
import { ensureDebianPackage } from '../debian-package.ts';
import { lit, sql } from '../literal.ts';
import { ensureServerBinary } from '../local-server.ts';
import { processAlive, readPidFile, tailOf } from '../process-files.ts';
import { ensureCredentialsFile, serverXml, usersXml, writePrivateFile } from '../server-config.ts';
import { CLUSTER_SETTINGS } from './settings.ts';

/** The cluster's name in remote_servers; CLICKHOUSE_CLUSTER for the app. */
export const LOCAL_CLUSTER_NAME = 'lagebild';

/**
 * Ports from 28100 on: ZooKeeper base+81, node n (1–4) HTTP base+20+n, native base+30+n,
 * interserver base+40+n; far from the managed server (18123, 19000, 19009) and the dashboard
 * (3000, 3001). Tests pass another base so a developer's running cluster is left alone.
 */
export const LOCAL_CLUSTER_BASE_PORT = 28100;

/**
 * The session timeout the nodes ask ZooKeeper for. A killed replica can rejoin only once its
 * old session expired (its "is_active" node goes with it); ClickHouse's default 30 s would make
 * every restart in a test wait that long, and less than a few seconds would let a busy
 * two-core machine expire sessions of live nodes.
 */
const ZOOKEEPER_SESSION_MS = 8_000;

export interface ClusterNode {
  name: string;
  shard: number;
  replica: number;
  httpPort: number;
  nativePort: number;
  interserverPort: number;
  dir: string;
}

export interface ClusterLayout {
  name: string;
  dir: string;
  zookeeperPort: number;
  nodes: ClusterNode[];
}

export function localClusterLayout(
  options: { dir?: string; basePort?: number } = {},
): ClusterLayout {
  const dir = options.dir ?? join(dataDir(), 'cluster');
  const base = options.basePort ?? LOCAL_CLUSTER_BASE_PORT;
  const nodes = [1, 2, 3, 4].map((n) => ({
    name: `ch${n}`,
    shard: Math.ceil(n / 2),
    replica: ((n - 1) % 2) + 1,
    httpPort: base + 20 + n,
    nativePort: base + 30 + n,
    interserverPort: base + 40 + n,
    dir: join(dir, `ch${n}`),
  }));
  return { name: LOCAL_CLUSTER_NAME, dir, zookeeperPort: base + 81, nodes };
}

function credentials(layout: ClusterLayout): Record<Role, Credentials> {
  privateDir(layout.dir);
  return ensureCredentialsFile(join(layout.dir, 'credentials.json'));
}

/** How Lagebild reaches the cluster: through its first node (like CLICKHOUSE_URL to one node). */
export function clusterWarehouseConfig(layout: ClusterLayout, database: string): WarehouseConfig {
  return {
    url: `http://127.0.0.1:${layout.nodes[0]!.httpPort}`,
    engine: 'server',
    database,
    managed: false,
    credentials: credentials(layout),
    cluster: layout.name,
  };
}

/** The same as environment variables, written to `<dir>/lagebild.env` (readable by this user only). */
function envFile(layout: ClusterLayout): string {
  const c = credentials(layout);
  const file = join(layout.dir, 'lagebild.env');
  writePrivateFile(
    file,
    [
      `CLICKHOUSE_URL=http://127.0.0.1:${layout.nodes[0]!.httpPort}`,
      `CLICKHOUSE_CLUSTER=${layout.name}`,
      `CLICKHOUSE_USER=${c.admin.user}`,
      `CLICKHOUSE_PASSWORD=${c.admin.password}`,
      `CLICKHOUSE_INGEST_USER=${c.ingest.user}`,
      `CLICKHOUSE_INGEST_PASSWORD=${c.ingest.password}`,
      `CLICKHOUSE_READ_USER=${c.reader.user}`,
      `CLICKHOUSE_READ_PASSWORD=${c.reader.password}`,
      '',
    ].join('\n'),
  );
  return file;
}

// ---------------------------------------------------------------- processes

/** The pid of a process that is still running, from its pid file. */
function readPid(file: string): number | undefined {
  const pid = readPidFile(file);
  return pid !== undefined && processAlive(pid) ? pid : undefined;
}

function startDetached(command: string, args: string[], dir: string, pidFile: string): void {
  const out = openSync(join(dir, 'stdout.log'), 'a', 0o600);
  const child = spawn(command, args, { cwd: dir, detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  if (child.pid === undefined) throw new Error(`${command} ließ sich nicht starten`);
  writeFileSync(pidFile, String(child.pid), { mode: 0o600 });
  child.unref();
}

async function stopProcess(pidFile: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<boolean> {
  const pid = readPid(pidFile);
  rmSync(pidFile, { force: true });
  if (pid === undefined) return false;
  process.kill(pid, signal);
  const deadline = Date.now() + 30_000;
  while (processAlive(pid) && Date.now() < deadline) await sleep(100);
  if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  while (processAlive(pid)) await sleep(50);
  return true;
}

// ---------------------------------------------------------------- ZooKeeper

const ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';

function zookeeperDir(layout: ClusterLayout): string {
  return join(layout.dir, 'zookeeper');
}

/**
 * True when ZooKeeper serves sessions: its four-letter `stat` names the mode. (`ruok` answers
 * `imok` a moment earlier, while it still drops the handshakes of 18.16, whose DDL worker can
 * then crash.)
 */
export function zookeeperOk(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('stat'));
    socket.setTimeout(timeoutMs, () => socket.destroy());
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(/^Mode: standalone$/m.test(answer)));
  });
}

async function startZookeeper(layout: ClusterLayout, log: (msg: string) => void): Promise<void> {
  if (await zookeeperOk(layout.zookeeperPort)) return;
  ensureDebianPackage(
    { label: 'ZooKeeper', binaries: [ZOOKEEPER_JAR], packages: ['zookeeper'] },
    log,
  );
  const java = ensureDebianPackage(
    { label: 'Java', binaries: ['/usr/bin/java'], packages: ['default-jre-headless'] },
    log,
  );
  const dir = privateDir(zookeeperDir(layout));
  mkdirSync(join(dir, 'data'), { recursive: true, mode: 0o700 });
  // tickTime 500 ms lets the nodes' 8 s session timeout through (ZooKeeper allows 2–20 ticks).
  writePrivateFile(
    join(dir, 'zoo.cfg'),
    [
      'tickTime=500',
      `dataDir=${join(dir, 'data')}`,
      `clientPort=${layout.zookeeperPort}`,
      'clientPortAddress=127.0.0.1',
      'maxClientCnxns=0',
      'minSessionTimeout=1000',
      'maxSessionTimeout=30000',
      'admin.enableServer=false',
      '4lw.commands.whitelist=ruok,mntr,stat',
      'autopurge.purgeInterval=1',
      '',
    ].join('\n'),
  );
  startDetached(
    java,
    [
      '-Xmx256m',
      `-Dzookeeper.log.dir=${dir}`,
      '-cp',
      `${ZOOKEEPER_JAR}:/etc/zookeeper/conf`,
      'org.apache.zookeeper.server.ZooKeeperServerMain',
      join(dir, 'zoo.cfg'),
    ],
    dir,
    join(dir, 'zookeeper.pid'),
  );
  log(`ZooKeeper startet (127.0.0.1:${layout.zookeeperPort}) …`);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await zookeeperOk(layout.zookeeperPort)) return;
    if (readPid(join(dir, 'zookeeper.pid')) === undefined) break;
    await sleep(250);
  }
  throw new Error(`ZooKeeper ist nicht hochgekommen.\n${tailOf(join(dir, 'stdout.log'), 12)}`);
}

// ---------------------------------------------------------------- ClickHouse nodes

function clusterXml(layout: ClusterLayout, node: ClusterNode, admin: Credentials): string {
  const shards = [...new Set(layout.nodes.map((n) => n.shard))].map((shard) => {
    const replicas = layout.nodes
      .filter((n) => n.shard === shard)
      .map(
        (n) =>
          `        <replica><host>127.0.0.1</host><port>${n.nativePort}</port><user>${admin.user}</user><password>${admin.password}</password></replica>`,
      );
    // internal_replication: a Distributed insert writes one replica, which replicates itself.
    return `      <shard>\n        <internal_replication>true</internal_replication>\n${replicas.join('\n')}\n      </shard>`;
  });
  return `  <interserver_http_host>127.0.0.1</interserver_http_host>
  <remote_servers>
    <${layout.name}>
${shards.join('\n')}
    </${layout.name}>
  </remote_servers>
  <zookeeper>
    <node><host>127.0.0.1</host><port>${layout.zookeeperPort}</port></node>
    <session_timeout_ms>${ZOOKEEPER_SESSION_MS}</session_timeout_ms>
    <operation_timeout_ms>5000</operation_timeout_ms>
  </zookeeper>
  <macros>
    <shard>${node.shard}</shard>
    <replica>${node.name}</replica>
  </macros>
  <distributed_ddl>
    <path>/clickhouse/task_queue/ddl</path>
  </distributed_ddl>
`;
}

function writeNodeConfig(layout: ClusterLayout, node: ClusterNode): string {
  const dir = privateDir(node.dir);
  for (const sub of ['data', 'tmp', 'log', 'user_files', 'format_schemas'])
    mkdirSync(join(dir, sub), { recursive: true, mode: 0o700 });
  const creds = credentials(layout);
  const ports = { http: node.httpPort, native: node.nativePort, interserver: node.interserverPort };
  writePrivateFile(
    join(dir, 'config.xml'),
    serverXml(dir, ports, clusterXml(layout, node, creds.admin)),
  );
  writePrivateFile(join(dir, 'users.xml'), usersXml(creds, CLUSTER_SETTINGS));
  return join(dir, 'config.xml');
}

function nodePidFile(node: ClusterNode): string {
  return join(node.dir, 'clickhouse-server.pid');
}

export async function pingNode(node: ClusterNode, timeoutMs = 1_000): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${node.httpPort}/ping`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    return res.ok && (await res.text()).startsWith('Ok');
  } catch {
    return false;
  }
}

/** Starts one node if it is not running and waits until it answers. */
export async function startNode(
  layout: ClusterLayout,
  node: ClusterNode,
  log: (msg: string) => void = () => {},
): Promise<'started' | 'running'> {
  if (readPid(nodePidFile(node)) !== undefined && (await pingNode(node))) return 'running';
  const binary = ensureServerBinary(log);
  const config = writeNodeConfig(layout, node);
  startDetached(binary, [`--config-file=${config}`], node.dir, nodePidFile(node));
  log(
    `ClickHouse ${node.name} (Shard ${node.shard}, Replik ${node.replica}) startet auf Port ${node.httpPort} …`,
  );
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (await pingNode(node)) return 'started';
    if (readPid(nodePidFile(node)) === undefined) break;
    await sleep(200);
  }
  throw new Error(
    `ClickHouse ${node.name} ist nicht hochgekommen.\n${tailOf(join(node.dir, 'log', 'clickhouse-server.err.log'), 12) || tailOf(join(node.dir, 'stdout.log'), 12)}`,
  );
}

/** Stops one node: SIGTERM (SIGKILL after 30 s), or SIGKILL at once to simulate a crash. */
export function stopNode(node: ClusterNode, signal: NodeJS.Signals = 'SIGTERM'): Promise<boolean> {
  return stopProcess(nodePidFile(node), signal);
}

/** Waits until `node` sees ZooKeeper and the cluster definition (ready for ON CLUSTER DDL). */
async function waitReady(layout: ClusterLayout, node: ClusterNode, ms = 60_000): Promise<void> {
  const wh = new Warehouse(clusterWarehouseConfigFor(layout, node), 'admin', 'system');
  const deadline = Date.now() + ms;
  let last = '';
  try {
    while (Date.now() < deadline) {
      try {
        const [row] = await wh.query<{ hosts: number; zk: number }>(
          sql`SELECT (SELECT count() FROM system.clusters WHERE cluster = ${lit.string(layout.name)}) AS hosts, (SELECT count() FROM system.zookeeper WHERE path = '/') AS zk`,
        );
        if (Number(row?.hosts) === layout.nodes.length) return;
        last = `${row?.hosts} Hosts im Cluster`;
      } catch (err) {
        last = (err as Error).message;
      }
      await sleep(250);
    }
  } finally {
    await wh.close();
  }
  throw new Error(`ClickHouse ${node.name} ist nicht bereit: ${last}`);
}

function clusterWarehouseConfigFor(layout: ClusterLayout, node: ClusterNode): WarehouseConfig {
  return { ...clusterWarehouseConfig(layout, 'system'), url: `http://127.0.0.1:${node.httpPort}` };
}

export interface ClusterUpResult {
  started: string[];
  envFile: string;
}

/**
 * Starts ZooKeeper and every node that is not running (idempotent) and waits until all
 * answer and see ZooKeeper and the cluster.
 */
export async function clusterUp(
  layout: ClusterLayout = localClusterLayout(),
  log: (msg: string) => void = console.log,
): Promise<ClusterUpResult> {
  privateDir(layout.dir);
  await startZookeeper(layout, log);
  const results = await Promise.all(layout.nodes.map((n) => startNode(layout, n, log)));
  await Promise.all(layout.nodes.map((n) => waitReady(layout, n)));
  return {
    started: layout.nodes.filter((_, i) => results[i] === 'started').map((n) => n.name),
    envFile: envFile(layout),
  };
}

/** Stops every node, then ZooKeeper. */
export async function clusterDown(layout: ClusterLayout = localClusterLayout()): Promise<string[]> {
  const stopped = await Promise.all(layout.nodes.map((n) => stopNode(n)));
  const names = layout.nodes.filter((_, i) => stopped[i]).map((n) => n.name);
  if (await stopProcess(join(zookeeperDir(layout), 'zookeeper.pid'))) names.push('zookeeper');
  return names;
}

export interface ReplicaHealth {
  table: string;
  readonly: boolean;
  sessionExpired: boolean;
  absoluteDelay: number;
  queueSize: number;
  activeReplicas: number;
  totalReplicas: number;
}

export interface NodeStatus {
  node: ClusterNode;
  up: boolean;
  /** Replicated tables on this node with a problem (readonly, lagging, missing replicas). */
  unhealthy: ReplicaHealth[];
  replicatedTables: number;
}

export interface ClusterStatus {
  zookeeper: boolean;
  nodes: NodeStatus[];
}

async function nodeStatus(layout: ClusterLayout, node: ClusterNode): Promise<NodeStatus> {
  if (!(await pingNode(node))) return { node, up: false, unhealthy: [], replicatedTables: 0 };
  const wh = new Warehouse(clusterWarehouseConfigFor(layout, node), 'admin', 'system');
  try {
    const rows = await wh.query<{
      table: string;
      ro: number;
      expired: number;
      delay: number;
      queue: number;
      active: number;
      total: number;
    }>(
      sql`SELECT concat(database, '.', table) AS table, is_readonly AS ro, is_session_expired AS expired, absolute_delay AS delay, queue_size AS queue, active_replicas AS active, total_replicas AS total FROM system.replicas ORDER BY table`,
    );
    const health = rows.map((r) => ({
      table: r.table,
      readonly: Number(r.ro) === 1,
      sessionExpired: Number(r.expired) === 1,
      absoluteDelay: Number(r.delay),
      queueSize: Number(r.queue),
      activeReplicas: Number(r.active),
      totalReplicas: Number(r.total),
    }));
    return {
      node,
      up: true,
      replicatedTables: health.length,
      unhealthy: health.filter(
        (h) =>
          h.readonly ||
          h.sessionExpired ||
          h.absoluteDelay > 60 ||
          h.activeReplicas < h.totalReplicas,
      ),
    };
  } finally {
    await wh.close();
  }
}

export async function clusterStatus(
  layout: ClusterLayout = localClusterLayout(),
): Promise<ClusterStatus> {
  const [zookeeper, ...nodes] = await Promise.all([
    zookeeperOk(layout.zookeeperPort),
    ...layout.nodes.map((n) => nodeStatus(layout, n)),
  ]);
  return { zookeeper: zookeeper as boolean, nodes: nodes as NodeStatus[] };
}

/** True when a cluster was ever set up in this folder (its credentials exist). */
export function clusterExists(layout: ClusterLayout = localClusterLayout()): boolean {
  return existsSync(join(layout.dir, 'credentials.json'));
}
