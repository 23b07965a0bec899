import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toDomainEvent } from '../../../src/application/agreements/agreement-stream';
import { verifyHashChain } from '../../../src/application/event-store/hash-chain';
import type { JsonObject } from '../../../src/application/event-store/json';
import { detailedState, evolve, initialState, lifecycleState } from '../../../src/domain/agreements/agreement-decider';
import { findWorkflow } from '../../../src/domain/workflows/workflow-registry';

interface GoldenStream {
  description: string;
  workflow: { name: string; version: number };
  events: Array<{ stream: string; revision: number; type: string; data: JsonObject; metadata: JsonObject }>;
  expected: { state: string; detailedState: string; revision: number; agreement: unknown };
}

const FOLDER = join(__dirname, '../../fixtures/streams');

/**
 * Streams recorded by earlier versions of the service, kept for ever. Every released workflow
 * version must replay them to the same state; a failure here means a change broke history.
 */
describe('golden streams', () => {
  const files = readdirSync(FOLDER).filter((file) => file.endsWith('.json'));

  it('exist', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s replays with its pinned workflow to the recorded state', (file) => {
    const golden = JSON.parse(readFileSync(join(FOLDER, file), 'utf8')) as GoldenStream;
    const workflow = findWorkflow(golden.workflow.name, golden.workflow.version);
    expect(workflow).toBeDefined();

    const events = golden.events.map((e) => ({ ...e, revision: BigInt(e.revision) }));
    expect(verifyHashChain(golden.events[0]!.stream, events)).toEqual({ valid: true, checkedEvents: events.length });

    const state = golden.events.map(toDomainEvent).reduce(evolve, initialState(workflow!));
    expect(lifecycleState(state)).toBe(golden.expected.state);
    expect(detailedState(state)).toBe(golden.expected.detailedState);
    expect(JSON.parse(JSON.stringify(state.snapshot.context))).toEqual(golden.expected.agreement);
  });
});
