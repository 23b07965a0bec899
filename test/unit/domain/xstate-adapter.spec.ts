import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initialTransition, transition } from 'xstate';
import { toDomainEvent } from '../../../src/application/agreements/agreement-stream';
import { applyEvent, eventTypesAcceptedIn } from '../../../src/domain/workflows/xstate-adapter';
import { NOTA_KESEPAHAMAN_V1 } from '../../../src/domain/workflows/workflow-registry';

describe('applyEvent', () => {
  it('gives exactly what XState’s transition() gives, event after event', () => {
    const golden = JSON.parse(readFileSync(join(__dirname, '../../fixtures/streams/nota-kesepahaman-v1-active-amended.json'), 'utf8')) as {
      events: Array<{ type: string; data: Record<string, never> }>;
    };
    const { machine } = NOTA_KESEPAHAMAN_V1;
    let ours = initialTransition(machine)[0];
    let theirs = ours;
    for (const event of golden.events.map(toDomainEvent)) {
      ours = applyEvent(machine, ours, event);
      theirs = transition(machine, theirs, event)[0];
      expect(ours.value).toEqual(theirs.value);
      expect(ours.context).toEqual(theirs.context);
      expect(ours.status).toBe(theirs.status);
    }
  });
});

describe('eventTypesAcceptedIn', () => {
  const { machine } = NOTA_KESEPAHAMAN_V1;

  it('gathers the events of every active state node, nested ones included', () => {
    expect([...eventTypesAcceptedIn(machine, { amending: 'signing' })].sort()).toEqual([
      'AgreementExecuted',
      'ChangesRequested',
      'PartySigned',
      'StepOverdue',
    ]);
  });

  it('passes over a state the machine does not have, keeping what the states it has accept', () => {
    expect([...eventTypesAcceptedIn(machine, 'renegotiating')]).toEqual([]);
    expect([...eventTypesAcceptedIn(machine, { amending: 'renegotiating' })]).toEqual(['ChangesRequested']);
    expect([...eventTypesAcceptedIn(machine, { renegotiating: 'signing' })]).toEqual([]);
  });
});
