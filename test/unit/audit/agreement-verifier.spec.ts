import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgreementVerifier, verifyAgreementStream } from '../../../src/application/audit/agreement-verifier';
import { toNewEvent } from '../../../src/application/agreements/agreement-stream';
import { DirectoryHistory } from '../../../src/application/directory/directory-stream';
import type { RecordedEvent } from '../../../src/application/ports/event-store.port';
import { GENESIS_HASH, sealEvents, type VerifiableEvent } from '../../../src/application/event-store/hash-chain';
import type { JsonObject } from '../../../src/application/event-store/json';
import type { AgreementEvent } from '../../../src/domain/agreements/agreement-events';
import { BARITO_KUALA, DRAFT_HASH, KEMENDES, PATH } from '../../support/domain/agreement-fixtures';

const golden = JSON.parse(readFileSync(join(__dirname, '../../fixtures/streams/nota-kesepahaman-v1-active-amended.json'), 'utf8')) as {
  events: Array<VerifiableEvent & { revision: number }>;
};
const goldenEvents = (): VerifiableEvent[] => golden.events.map((e) => ({ ...e, revision: BigInt(e.revision) }));
const stream = golden.events[0].stream;

/** Seals domain events as if they had been appended, with the given actors (a re-forged chain). */
const DERIVED = ['ClearedForSigning', 'AgreementExecuted', 'LocationsFixed'];

function forged(
  events: AgreementEvent[],
  actorFor: (event: AgreementEvent, index: number) => JsonObject,
  derivedShareCommand = true,
): VerifiableEvent[] {
  let command = 0;
  const newEvents = events.map((event, index) =>
    toNewEvent(event, `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, {
      commandId: `command-${derivedShareCommand && DERIVED.includes(event.type) ? command : (command = index)}`,
      actor: actorFor(event, index),
      workflow: { name: 'nota-kesepahaman', version: 1 },
    }),
  );
  return sealEvents(stream, 0n, GENESIS_HASH, newEvents).map((e) => ({ ...e, stream }));
}

const drafter = { id: 'd', name: 'Drafter', agencyId: KEMENDES, roles: ['DRAFTER'] };
const properActor = (event: AgreementEvent): JsonObject => {
  const agencyId = 'agencyId' in event ? event.agencyId : KEMENDES;
  const roles =
    event.type === 'ReviewApproved'
      ? [event.tier === 'LEGAL' ? 'LEGAL_REVIEWER' : 'REVIEWER']
      : event.type === 'PartySigned'
        ? ['SIGNATORY']
        : ['DRAFTER', 'COORDINATOR'];
  return { id: `${agencyId}-${roles[0]}`, name: 'Pejabat', agencyId, roles };
};

describe('verifying an agreement stream', () => {
  it('accepts a stream the service wrote', () => {
    expect(verifyAgreementStream(stream, goldenEvents())).toEqual({ valid: true, checkedEvents: golden.events.length });
  });

  it('accepts a well-formed stream and names the first event whose actor was not allowed', () => {
    const events = PATH.signing;
    expect(verifyAgreementStream(stream, forged(events, properActor))).toEqual({ valid: true, checkedEvents: events.length });

    const withWrongSigner = forged(
      [...events, { type: 'PartySigned', agencyId: BARITO_KUALA, documentHash: DRAFT_HASH, signatoryName: 'X', capacity: 'ORIGINAL' }],
      (event, index) =>
        index === events.length ? { id: 'sekjen', name: 'Sekjen', agencyId: KEMENDES, roles: ['SIGNATORY'] } : properActor(event),
    );
    expect(verifyAgreementStream(stream, withWrongSigner).firstInvalid).toEqual({
      revision: BigInt(events.length),
      reason: expect.stringContaining('was not allowed to sign (other-party)'),
    });
  });

  it('names an event an auditor wrote, even with a valid chain', () => {
    const events = forged(PATH.drafting, (event, index) =>
      index === 1 ? { id: 'a', name: 'Itjen', agencyId: KEMENDES, roles: ['AUDITOR'] } : properActor(event),
    );
    expect(verifyAgreementStream(stream, events).firstInvalid).toMatchObject({
      revision: 1n,
      reason: expect.stringContaining('read-only'),
    });
  });

  it('names a re-sealed event that is not a legal transition', () => {
    const events = forged([...PATH.drafting, { type: 'SigningOpened' }], (event) => ({ ...properActor(event), roles: ['COORDINATOR'] }));
    expect(verifyAgreementStream(stream, events).firstInvalid).toMatchObject({
      revision: 2n,
      reason: expect.stringContaining('not a legal transition'),
    });
  });

  it('names a derived event that does not come from the command before it', () => {
    const events = PATH.readyToSign;
    const sealed = forged(events, properActor, false);
    expect(verifyAgreementStream(stream, sealed).firstInvalid).toMatchObject({
      revision: BigInt(events.length - 1),
      reason: expect.stringContaining('derived'),
    });
  });

  it('reports a broken chain before anything else', () => {
    const events = goldenEvents();
    expect(events[3].data).toMatchObject({ tier: 'TECHNICAL' });
    events[3] = { ...events[3], data: { ...events[3].data, tier: 'LEGAL' } };
    const verifier = new AgreementVerifier(stream);
    events.forEach((event) => verifier.push(event));
    expect(verifier.result()).toMatchObject({
      valid: false,
      checkedEvents: 3,
      firstInvalid: { revision: 3n, reason: expect.stringContaining('hash') },
    });
  });

  it('uses the drafter rule for the first event', () => {
    const events = forged(PATH.drafting, (event, index) => (index === 0 ? { ...drafter, agencyId: 'pemkab-banjar' } : properActor(event)));
    expect(verifyAgreementStream(stream, events).firstInvalid).toMatchObject({
      revision: 0n,
      reason: expect.stringContaining('could not draft'),
    });
  });
});

describe('verifying signatures under a recorded delegation', () => {
  const v2 = JSON.parse(
    readFileSync(join(__dirname, '../../fixtures/streams/nota-kesepahaman-v2-delegated-dprd-reported.json'), 'utf8'),
  ) as {
    events: Array<VerifiableEvent & { revision: number; metadata: JsonObject }>;
  };
  const events = (): VerifiableEvent[] => v2.events.map((e) => ({ ...e, revision: BigInt(e.revision) }));
  const signedAt = v2.events.find((e) => e.type === 'PartySigned')!.metadata.occurredAt as string;
  const signedRevision = v2.events.find((e) => e.type === 'PartySigned')!.revision;
  const seed = JSON.parse(readFileSync(join(__dirname, '../../../scripts/seed-case/directory.json'), 'utf8')) as {
    agencies: JsonObject[];
    delegations: JsonObject[];
  };
  const recorded = (type: string, data: JsonObject, occurredAt: string, revision: number): RecordedEvent =>
    ({
      id: `e-${type}-${revision}`,
      stream: 'directory',
      revision: BigInt(revision),
      position: BigInt(revision),
      type,
      data,
      metadata: { occurredAt },
      recordedAt: new Date(occurredAt),
    }) as unknown as RecordedEvent;
  const agencies = seed.agencies.map((agency, index) => recorded('AgencyRegistered', { agency }, '2020-01-20T02:00:00.000Z', index));
  const sekjen = seed.delegations.find((d) => d.id === 'kepmen-45-2020')!;
  const history = (...delegationEvents: RecordedEvent[]) => new DirectoryHistory(agencies, delegationEvents);

  it('holds when the delegation was recorded, in force and unrevoked at the moment of signing', () => {
    expect(
      verifyAgreementStream(
        v2.events[0].stream,
        events(),
        history(recorded('DelegationGranted', { delegation: sekjen }, '2020-01-20T03:00:00.000Z', 0)),
      ),
    ).toEqual({
      valid: true,
      checkedEvents: v2.events.length,
    });
  });

  it('names the signature whose delegation was not recorded yet, or already revoked, when it was given', () => {
    const notYet = verifyAgreementStream(
      v2.events[0].stream,
      events(),
      history(recorded('DelegationGranted', { delegation: sekjen }, '2020-04-01T00:00:00.000Z', 0)),
    );
    expect(notYet).toMatchObject({
      valid: false,
      firstInvalid: {
        revision: BigInt(signedRevision),
        reason: expect.stringContaining('No delegation kepmen-45-2020 was recorded before signing'),
      },
    });
    const revoked = verifyAgreementStream(
      v2.events[0].stream,
      events(),
      history(
        recorded('DelegationGranted', { delegation: sekjen }, '2020-01-20T03:00:00.000Z', 0),
        recorded(
          'DelegationRevoked',
          { delegationId: sekjen.id, reason: 'Diganti' },
          new Date(Date.parse(signedAt) - 60_000).toISOString(),
          1,
        ),
      ),
    );
    expect(revoked).toMatchObject({
      valid: false,
      firstInvalid: { revision: BigInt(signedRevision), reason: expect.stringContaining('was revoked') },
    });
    // Revoked after the signature: it stood.
    const later = history(
      recorded('DelegationGranted', { delegation: sekjen }, '2020-01-20T03:00:00.000Z', 0),
      recorded(
        'DelegationRevoked',
        { delegationId: sekjen.id, reason: 'Diganti' },
        new Date(Date.parse(signedAt) + 60_000).toISOString(),
        1,
      ),
    );
    expect(verifyAgreementStream(v2.events[0].stream, events(), later)).toMatchObject({ valid: true });
  });

  it('names a signature that quotes its delegation otherwise than it was recorded', () => {
    const otherLetter = { ...sekjen, letterSha256: '0'.repeat(64) };
    expect(
      verifyAgreementStream(
        v2.events[0].stream,
        events(),
        history(recorded('DelegationGranted', { delegation: otherLetter }, '2020-01-20T03:00:00.000Z', 0)),
      ),
    ).toMatchObject({
      valid: false,
      firstInvalid: { revision: BigInt(signedRevision), reason: expect.stringContaining('otherwise than it was recorded') },
    });
  });

  it('checks only the chain and the rights offline, without the directory', () => {
    expect(verifyAgreementStream(v2.events[0].stream, events())).toMatchObject({ valid: true });
  });
});
