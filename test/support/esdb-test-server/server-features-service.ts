import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import type { Empty } from '@eventstore/db-client/generated/shared_pb';

/**
 * The version this server answers as; its behaviour follows EventStoreDB v24.10 (the same in
 * v24.2–v24.10). The Node client does not look at it: it emits `caughtUp` whenever the server sends
 * `caught_up` (v23.10 and later do), and only the method list decides Append vs BatchAppend.
 */
export const SERVER_VERSION = '24.10.4';

/**
 * The methods listed by `ServerFeatures.GetSupportedMethods` (v24.10 `ServerFeatures.cs`): every
 * served gRPC method of a service whose name contains "client", names lower-cased, with the
 * features the server adds — `position` and `events` for `Streams.Read`, `deadline_duration` for
 * `Streams.BatchAppend`. Only the services this test server implements are listed (a real node
 * also lists persistent subscriptions, projections, users, operations, monitoring and gossip), so
 * the client never calls something that is not here. The Node client 6.2.1 asks only whether
 * `Streams.BatchAppend` is supported, to choose it for `appendToStream`.
 */
const METHODS: ReadonlyArray<{ service: string; method: string; features: readonly string[] }> = [
  { service: 'event_store.client.streams.streams', method: 'read', features: ['position', 'events'] },
  { service: 'event_store.client.streams.streams', method: 'append', features: [] },
  { service: 'event_store.client.streams.streams', method: 'delete', features: [] },
  { service: 'event_store.client.streams.streams', method: 'tombstone', features: [] },
  { service: 'event_store.client.streams.streams', method: 'batchappend', features: ['deadline_duration'] },
  { service: 'event_store.client.server_features.serverfeatures', method: 'getsupportedmethods', features: [] },
];

export function createGetSupportedMethodsHandler() {
  return (_call: ServerUnaryCall<Empty, SupportedMethods>, callback: sendUnaryData<SupportedMethods>): void => {
    const response = new SupportedMethods();
    // `string.Join('.', VersionInfo.Version.Split('.')[..3])`.
    response.setEventStoreServerVersion(SERVER_VERSION);
    response.setMethodsList(
      METHODS.map(({ service, method, features }) => {
        const supported = new SupportedMethod();
        supported.setServiceName(service);
        supported.setMethodName(method);
        supported.setFeaturesList([...features]);
        return supported;
      }),
    );
    callback(null, response);
  };
}
