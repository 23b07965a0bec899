import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { StreamsService, type IStreamsServer } from '@eventstore/db-client/generated/streams_grpc_pb';
import { createAppendHandler, createBatchAppendHandler } from './append-service';
import { createDeleteHandler, createTombstoneHandler } from './delete-service';
import { createReadHandler } from './read-service';
import { createGetSupportedMethodsHandler } from './server-features-service';
import { SubscriptionRegistry } from './subscriptions';
import { seedSystemEvents } from './system-events';
import { TransactionLog } from './transaction-log';

/**
 * A wire-level EventStoreDB stand-in for tests: the real `@eventstore/db-client` talks gRPC to it
 * as to a single insecure node (`esdb://127.0.0.1:PORT?tls=false`; a single-node connection needs
 * no gossip). It serves the client's own generated `Streams` and `ServerFeatures` services with
 * EventStoreDB v24.10's semantics — expected versions and idempotent retries, log positions,
 * `$all` with system events, filters and checkpoints, catch-up subscriptions, soft delete and
 * tombstone — from an in-memory log. Data lives as long as the instance: a restart loses it.
 */
export interface EsdbTestServer {
  /** `esdb://127.0.0.1:${port}?tls=false`. */
  readonly connectionString: string;
  readonly port: number;
  /**
   * Ends every live subscription (Read calls with subscription options) with gRPC status
   * UNAVAILABLE, as a dropped connection/node restart does. Returns how many were ended.
   */
  dropSubscriptions(): number;
  /** Number of live subscription calls currently open (so tests can wait for a resubscription). */
  liveSubscriptions(): number;
  /** Stop serving (forcefully) and resolve when the port is closed. */
  stop(): Promise<void>;
}

export interface EsdbTestServerOptions {
  /** 0 or undefined picks a free port; a given port (e.g. the one of a stopped server) must be free. */
  readonly port?: number;
  /**
   * A stopped server whose log this one serves: a node restart that kept its data (a real node's
   * log is on disk). Without it the log starts with the system events a fresh node has written.
   */
  readonly dataOf?: EsdbTestServer;
}

/** Starts a server on 127.0.0.1. */
export async function startEsdbTestServer(options: EsdbTestServerOptions = {}): Promise<EsdbTestServer> {
  const kept = options.dataOf && logs.get(options.dataOf);
  if (options.dataOf && !kept) throw new Error('dataOf: not a server from startEsdbTestServer');
  const log = kept ?? new TransactionLog();
  if (!kept) seedSystemEvents(log);
  const subscriptions = new SubscriptionRegistry();

  const server = new Server();
  const calls: Record<ServedMethod, number> = { read: 0, append: 0, batchAppend: 0, delete: 0, tombstone: 0, getSupportedMethods: 0 };
  const counted = <H extends (...args: never[]) => void>(method: ServedMethod, handler: H): H =>
    ((...args: Parameters<H>) => {
      calls[method]++;
      handler(...args);
    }) as H;
  const streams: IStreamsServer = {
    read: counted('read', createReadHandler(log, subscriptions)),
    append: counted('append', createAppendHandler(log)),
    delete: counted('delete', createDeleteHandler(log)),
    tombstone: counted('tombstone', createTombstoneHandler(log)),
    batchAppend: counted('batchAppend', createBatchAppendHandler(log)),
  };
  server.addService(StreamsService, streams);
  server.addService(ServerFeaturesService, { getSupportedMethods: counted('getSupportedMethods', createGetSupportedMethodsHandler()) });

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`127.0.0.1:${options.port ?? 0}`, ServerCredentials.createInsecure(), (error, bound) => {
      if (error) reject(error);
      else resolve(bound);
    });
  });

  let stopped: Promise<void> | undefined;
  const instance: EsdbTestServer = {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    port,
    dropSubscriptions: () => subscriptions.dropAll(),
    liveSubscriptions: () => subscriptions.count,
    stop: () => {
      // `tryShutdown` reports when the listening socket and every session have closed;
      // `forceShutdown` right after cancels open calls and destroys the sessions so that is soon.
      stopped ??= new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        server.forceShutdown();
      });
      return stopped;
    },
  };
  callCounts.set(instance, calls);
  logs.set(instance, log);
  return instance;
}

/** The gRPC methods the test server serves. */
export type ServedMethod = 'read' | 'append' | 'batchAppend' | 'delete' | 'tombstone' | 'getSupportedMethods';

const callCounts = new WeakMap<EsdbTestServer, Readonly<Record<ServedMethod, number>>>();
const logs = new WeakMap<EsdbTestServer, TransactionLog>();

/**
 * How many calls each method of `server` has received: for tests that check which endpoint the
 * client chose (e.g. Append vs BatchAppend). Kept off `EsdbTestServer` so that interface stays the
 * adapter's contract.
 */
export function methodCalls(server: EsdbTestServer): Readonly<Record<ServedMethod, number>> {
  const calls = callCounts.get(server);
  if (!calls) throw new Error('not a server from startEsdbTestServer');
  return calls;
}
