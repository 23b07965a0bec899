import { buildEventEnvelope } from '../../../src/application/event-store/event-envelope';

const actor = { id: 'u-17', name: 'Ahmad Fauzi', agencyId: 'kemendes-pdtt', roles: ['LEGAL_REVIEWER' as const] };
const workflow = { name: 'nota-kesepahaman', version: 1 };

describe('the event envelope', () => {
  it('carries correlation, causation, command, actor, workflow, schema version and business time', () => {
    const envelope = buildEventEnvelope({
      commandId: 'cmd-2',
      correlationId: 'corr-1',
      causationId: 'cmd-1',
      actor: { ...actor, onBehalfOf: 'Menteri Desa PDTT' },
      workflow,
      occurredAt: new Date('2020-03-10T03:00:00Z'),
    });

    expect(envelope).toEqual({
      $correlationId: 'corr-1',
      $causationId: 'cmd-1',
      commandId: 'cmd-2',
      actor: { ...actor, onBehalfOf: 'Menteri Desa PDTT' },
      workflow,
      schemaVersion: 1,
      occurredAt: '2020-03-10T03:00:00.000Z',
    });
  });

  it('starts a conversation at the command when no correlation or causation is given', () => {
    const envelope = buildEventEnvelope({ commandId: 'cmd-9', actor, workflow, occurredAt: new Date() });

    expect(envelope.$correlationId).toBe('cmd-9');
    expect(envelope.$causationId).toBe('cmd-9');
  });

  it('copies only the actor fields it knows', () => {
    const smuggled = { ...actor, roles: ['DRAFTER' as const], isAdmin: true };

    const envelope = buildEventEnvelope({ commandId: 'c', actor: smuggled, workflow, occurredAt: new Date() });

    expect(envelope.actor).toEqual({ ...actor, roles: ['DRAFTER'] });
  });

  it('carries the request fingerprint of a command sent with an Idempotency-Key, and none otherwise', () => {
    const keyed = buildEventEnvelope({
      commandId: 'c',
      actor,
      workflow,
      occurredAt: new Date(),
      requestFingerprint: `sha256:${'0'.repeat(64)}`,
    });
    const unkeyed = buildEventEnvelope({ commandId: 'c', actor, workflow, occurredAt: new Date() });

    expect(keyed.requestFingerprint).toBe(`sha256:${'0'.repeat(64)}`);
    expect(unkeyed).not.toHaveProperty('requestFingerprint');
  });

  it('refuses an invalid business time', () => {
    expect(() => buildEventEnvelope({ commandId: 'c', actor, workflow, occurredAt: new Date('nope') })).toThrow(RangeError);
  });
});
