import { DecisionFacts } from '../../src/application/agreements/decision-facts';
import { DirectoryRepository } from '../../src/application/directory/directory-repository';
import { plainToInstance } from 'class-transformer';
import { ACTION_BODIES } from '../../src/api/agreements/dto/action-bodies.dto';
import { AgreementRepository } from '../../src/application/agreements/agreement-repository';
import type { AgreementCommandResult } from '../../src/application/agreements/agreement-view';
import { PerformAgreementActionCommand, PerformAgreementActionHandler } from '../../src/application/agreements/perform-action.command';
import type { EventStore } from '../../src/application/ports/event-store.port';
import { actorFromClaims } from '../../src/infrastructure/auth/claims';
import { systemClock } from '../../src/infrastructure/clock/system-clock';
import type { AppConfig } from '../../src/infrastructure/config/app-config';
import { openEventStore } from '../../src/infrastructure/event-store/event-store.module';
import { openEsdbStore } from './eventstoredb';
import type { Official } from './tokens';

/** What {@link intrudeBeforeAppends} did so far. */
export interface Intrusion {
  /** How many appends to the stream an intruder ran before. */
  readonly count: number;
  /** Gives the store its own `append` back. */
  restore(): void;
}

/**
 * Runs `intruder` right before each of the next `times` appends to `stream`: another writer that
 * lands exactly between a command's load and its append, so that the append meets a moved stream.
 * The service is built by `createApp`, not by a testing module, so its store provider cannot be
 * swapped: the store instance the service holds is decorated in place. Appends made while an
 * intruder runs (an HTTP command of another official of the same service) go straight through.
 */
export function intrudeBeforeAppends(
  store: EventStore,
  stream: string,
  intruder: (turn: number) => Promise<unknown>,
  times = 1,
): Intrusion {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept unbound on purpose: called with `.call(store)` below, and put back as it was by restore().
  const append = store.append;
  let count = 0;
  let intruding = false;
  store.append = async (target, events, options) => {
    if (target === stream && !intruding && count < times) {
      count += 1;
      intruding = true;
      try {
        await intruder(count);
      } finally {
        intruding = false;
      }
    }
    return append.call(store, target, events, options);
  };
  return {
    get count() {
      return count;
    },
    restore: () => {
      store.append = append;
    },
  };
}

/**
 * A second instance of the service's write side on the same event store (the SQLite file, the
 * EventStoreDB server): its own connection and its own cache of agreements, as another process
 * has. Its commands take the same bodies as `POST /agreements/:id/actions/:action`.
 */
export interface AnotherInstance {
  act(official: Official, agreementId: string, action: string, body?: object): Promise<AgreementCommandResult>;
  close(): Promise<void>;
}

export function anotherInstance(config: AppConfig): AnotherInstance {
  const { eventStore } = config;
  if (eventStore.kind === 'memory') throw new Error('An in-memory event store cannot be shared with another instance');
  const store = eventStore.kind === 'eventstoredb' ? openEsdbStore(eventStore.connectionString) : openEventStore(eventStore);
  const repository = new AgreementRepository(store);
  const handler = new PerformAgreementActionHandler(
    repository,
    new DecisionFacts(repository, new DirectoryRepository(store, systemClock)),
    systemClock,
  );
  return {
    act: (official, agreementId, action, body = {}) => {
      const actor = actorFromClaims({ ...official, roles: [...official.roles] }, config.auth.claims);
      const payload = plainToInstance(ACTION_BODIES[action], body).toPayload();
      return handler.execute(new PerformAgreementActionCommand(actor, agreementId, action, payload));
    },
    close: () => store.close(),
  };
}
