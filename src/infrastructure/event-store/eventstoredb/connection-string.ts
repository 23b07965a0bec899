/**
 * The connection strings the EventStoreDB client takes: `esdb://` (hosts listed: one node, or a
 * cluster's gossip seeds) and `esdb+discover://` (one DNS name for the cluster). Kept beside the
 * adapter so that moving to `@kurrent/kurrentdb-client` (which adds `kurrentdb://`) stays in this folder.
 */
export const ESDB_CONNECTION_STRING = /^esdb(\+discover)?:\/\/[^\s/]+/;

export const ESDB_CONNECTION_STRING_EXAMPLE =
  'esdb://host:2113?tls=false (single node) or esdb://node1:2113,node2:2113,node3:2113 (cluster)';
