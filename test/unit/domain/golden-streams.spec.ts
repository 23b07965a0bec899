import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pinnedWorkflow, toDomainEvent } from '../../../src/application/agreements/agreement-stream';
import { verifyHashChain } from '../../../src/application/event-store/hash-chain';
import type { JsonObject } from '../../../src/application/event-store/json';
import {
  detailedState,
  evolve,
  initialState,
  LIFECYCLE_STATES,
  lifecycleState,
  type AgreementState,
} from '../../../src/domain/agreements/agreement-decider';
import { findWorkflow, WORKFLOWS } from '../../../src/domain/workflows/workflow-registry';

interface GoldenStream {
  description: string;
  workflow: { name: string; version: number };
  events: Array<{ stream: string; revision: number; type: string; data: JsonObject; metadata: JsonObject }>;
  expected: {
    state: string;
    detailedState: string;
    revision: number;
    /** The detailed state after each event, by revision (streams recorded by scripts/record-golden-stream.ts). */
    states?: string[];
    agreement: unknown;
  };
}

const FOLDER = join(__dirname, '../../fixtures/streams');

/**
 * Streams recorded by earlier versions of the service, kept for ever. Every released workflow
 * version must replay them to the same state; a failure here means a change broke history.
 * Record a new one with scripts/record-golden-stream.ts; never re-record one to make it pass.
 */
describe('golden streams', () => {
  const files = readdirSync(FOLDER).filter((file) => file.endsWith('.json'));
  const read = (file: string) => JSON.parse(readFileSync(join(FOLDER, file), 'utf8')) as GoldenStream;

  /** The state after each event of a golden stream, folded with its pinned workflow. */
  function statesOf(golden: GoldenStream): AgreementState[] {
    const states: AgreementState[] = [];
    golden.events.map(toDomainEvent).reduce(
      (state, event) => {
        const next = evolve(state, event);
        states.push(next);
        return next;
      },
      initialState(findWorkflow(golden.workflow.name, golden.workflow.version)!),
    );
    return states;
  }

  it('exist', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s replays with its pinned workflow to the recorded state', (file) => {
    const golden = read(file);
    const workflow = findWorkflow(golden.workflow.name, golden.workflow.version);
    expect(workflow).toBeDefined();
    expect(pinnedWorkflow(golden.events[0])).toBe(workflow);

    const events = golden.events.map((e) => ({ ...e, revision: BigInt(e.revision) }));
    expect(verifyHashChain(golden.events[0].stream, events)).toEqual({ valid: true, checkedEvents: events.length });

    const states = statesOf(golden);
    const state = states.at(-1)!;
    expect(golden.expected.revision).toBe(golden.events.length - 1);
    expect(lifecycleState(state)).toBe(golden.expected.state);
    expect(detailedState(state)).toBe(golden.expected.detailedState);
    if (golden.expected.states) expect(states.map(detailedState)).toEqual(golden.expected.states);
    expect(JSON.parse(JSON.stringify(state.snapshot.context))).toEqual(golden.expected.agreement);
  });

  it('together pass through every lifecycle state, on every workflow', () => {
    const goldens = files.map(read);
    const visited = new Set(goldens.flatMap((golden) => statesOf(golden).map(lifecycleState)));
    expect([...LIFECYCLE_STATES].filter((state) => !visited.has(state))).toEqual([]);
    const pinned = new Set(goldens.map((golden) => `${golden.workflow.name}@${golden.workflow.version}`));
    expect(WORKFLOWS.map((workflow) => `${workflow.name}@${workflow.version}`).filter((name) => !pinned.has(name))).toEqual([]);
  });
});
