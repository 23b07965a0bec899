import { randomUUID } from 'node:crypto';
import { EXPECTED_ANY, EXPECTED_NO_STREAM, type ProposedEvent, type TransactionLog } from './transaction-log';

const NODE_ENDPOINT = '127.0.0.1:2113';

function json(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

function systemEvent(type: string, data: Uint8Array, isJson = true): ProposedEvent {
  return { id: randomUUID(), type, isJson, data, metadata: new Uint8Array() };
}

/**
 * What a freshly started single node has written before any client connects, so that `$all` is
 * never only the caller's events and consumers have to filter system events as they must against
 * EventStoreDB. The records and their streams and types come from v24.10's source; their bodies
 * are shortened stand-ins:
 * - the epoch `SystemLogRecord` at position 0 (not an event) and its `$epoch-information` event
 *   (`EpochManager`); `$all` never shows the latter (`EventFilter.DefaultAllFilter`) but it counts
 *   as considered for filtered subscriptions' checkpoints;
 * - `$$$stats-<node>` metadata with a 10-day `$maxAge` (`MonitoringService.StreamMetadata`);
 * - the default `admin` user: `$UserCreated` in `$user-admin` and `$User` in `$users`
 *   (`UserManagementService`, `AllUsersReader`);
 * - a first `$statsCollected` in `$stats-<node>` (`MonitoringService`).
 */
export function seedSystemEvents(log: TransactionLog): void {
  const epoch = json({
    EpochPosition: 0,
    EpochNumber: 0,
    EpochId: randomUUID(),
    PrevEpochPosition: -1,
    TimeStamp: new Date().toISOString(),
    LeaderInstanceId: randomUUID(),
  });
  log.writeSystemRecord(epoch.length);
  log.append('$epoch-information', EXPECTED_ANY, [systemEvent('$epoch-information', epoch)]);
  log.append(`$$$stats-${NODE_ENDPOINT}`, EXPECTED_NO_STREAM, [systemEvent('$metadata', json({ $maxAge: 864000 }))]);
  log.append('$user-admin', EXPECTED_NO_STREAM, [
    systemEvent(
      '$UserCreated',
      json({
        loginName: 'admin',
        fullName: 'Event Store Administrator',
        salt: 'bcQcfdFG7uYP7pMM9/sRsQ==',
        hash: 'dmXCpG1c6J5X4HUpLQ7V5AuXPMVkkUYp62zsPeqSyWs=',
        disabled: false,
        groups: ['$admins'],
      }),
    ),
  ]);
  log.append('$users', EXPECTED_ANY, [systemEvent('$User', Buffer.from('admin', 'utf8'), false)]);
  log.append(`$stats-${NODE_ENDPOINT}`, EXPECTED_ANY, [
    systemEvent(
      '$statsCollected',
      json({
        'proc-startTime': new Date().toISOString(),
        'proc-id': process.pid,
        'proc-mem': 104_857_600,
        'proc-cpu': 0.5,
        'proc-threadsCount': 24,
        'es-checksum': 0,
        'es-queue-MainQueue-length': 0,
      }),
    ),
  ]);
}
