import type { SettingValue } from '../role-profiles.ts';

/**
 * The settings cluster mode relies on, chosen on purpose (the README's "Cluster" section says
 * the same for operators). They belong in the profiles of the cluster's users (the local test
 * cluster writes them into every profile, the default one too, which ON CLUSTER DDL runs
 * with); the client also sends the writing ones with every request of the admin and ingest
 * roles, so a cluster whose profiles lack them still inserts synchronously. The reader cannot
 * send any (readonly = 1): its profile must hold the reading ones.
 */
export const CLUSTER_WRITE_SETTINGS: Record<string, SettingValue> = {
  // An insert into a Distributed table returns only once every shard stored its rows; a shard
  // that cannot take them fails the insert, the batch writer sees the error and the spool keeps
  // the segment for the next try (the asynchronous default would acknowledge rows that sit in
  // a node's local queue, out of the spool's reach and invisible to queries).
  insert_distributed_sync: 1,
  // A hung shard fails the insert after a minute instead of holding the writer forever.
  insert_distributed_timeout: 60,
  // One replica's acknowledgement is enough; the others fetch the part within seconds.
  // insert_quorum = 2 would survive the loss of a replica's disk in those seconds, but every
  // insert into a shard with one replica down would then fail until it is back, and 18.16
  // allows only one unconfirmed quorum insert per table and shard at a time, which the
  // parallel batch writer would keep running into. Until a row is acknowledged it is in the
  // spool; after that, replication keeps it.
  insert_quorum: 0,
};

export const CLUSTER_READ_SETTINGS: Record<string, SettingValue> = {
  // A shard that cannot be reached is an error ("Daten unvollständig"), never a silently
  // partial sum (0 is the default; written down because 1 would be a quiet disaster).
  skip_unavailable_shards: 0,
  // A replica more than five minutes behind is not asked while a fresher one answers …
  max_replica_delay_for_distributed_queries: 300,
  // … and when every replica of a shard is that far behind, the query fails instead of
  // answering with figures that lack the last minutes of that shard only.
  fallback_to_stale_replicas_for_distributed_queries: 0,
  // IN and JOIN subqueries over a Distributed table are run once on the node asked and sent
  // to the shards (GLOBAL), so every shard compares against the whole result. The default
  // 'deny' refuses such queries; 'local' would compare against the shard's own part only.
  distributed_product_mode: 'global',
};

export const CLUSTER_SETTINGS: Record<string, SettingValue> = {
  ...CLUSTER_WRITE_SETTINGS,
  ...CLUSTER_READ_SETTINGS,
};
