import { createHash, randomUUID } from 'node:crypto';
import {
  computeEventHash,
  GENESIS_HASH,
  HashChainVerifier,
  sealEvents,
  verifyHashChain,
  type VerifiableEvent,
} from '../../../src/application/event-store/hash-chain';

const stream = 'agreement-5f0c7a2e-3a51-4d43-9d1a-6c0f5b1f7c11';

function chain(count: number): VerifiableEvent[] {
  const events = Array.from({ length: count }, (_, n) => ({
    id: randomUUID(),
    type: n === 0 ? 'AgreementDrafted' : 'DocumentAttached',
    data: { n, title: 'Nota Kesepahaman Desa Percontohan' },
    metadata: { commandId: `c-${n}` },
  }));
  return sealEvents(stream, 0n, GENESIS_HASH, events).map((e) => ({ ...e, stream }));
}

describe('the hash chain', () => {
  it('follows the documented rule: sha256(prevHash ‖ canonical JSON of stream, revision, type, data, metadata)', () => {
    const [sealed] = sealEvents(stream, 0n, GENESIS_HASH, [
      { id: randomUUID(), type: 'AgreementDrafted', data: { b: 2, a: 1 }, metadata: { commandId: 'c-1' } },
    ]);

    const expected = createHash('sha256')
      .update(
        GENESIS_HASH +
          `{"data":{"a":1,"b":2},"metadata":{"commandId":"c-1","prevHash":"${GENESIS_HASH}"},"revision":0,"stream":"${stream}","type":"AgreementDrafted"}`,
      )
      .digest('hex');
    expect(sealed.metadata).toEqual({ commandId: 'c-1', prevHash: GENESIS_HASH, hash: expected });
    expect(computeEventHash({ ...sealed, stream })).toBe(expected);
  });

  it('links each event to the previous one and continues after an existing tail', () => {
    const first = chain(2);
    const next = sealEvents(stream, 2n, first[1].metadata.hash as string, [{ id: randomUUID(), type: 'X', data: {}, metadata: {} }]);

    expect(first[1].metadata.prevHash).toBe(first[0].metadata.hash);
    expect(next[0].revision).toBe(2n);
    expect(verifyHashChain(stream, [...first, { ...next[0], stream }])).toEqual({ valid: true, checkedEvents: 3 });
  });

  describe('verification names the first broken revision', () => {
    it('when data was altered', () => {
      const events = chain(5);
      events[3] = { ...events[3], data: { ...events[3].data, title: 'Nota Kesepahaman Desa Percontohar' } };

      expect(verifyHashChain(stream, events)).toMatchObject({
        valid: false,
        checkedEvents: 3,
        firstInvalid: { revision: 3n, reason: expect.stringContaining('does not match its hash') },
      });
    });

    it('when metadata was altered, including the stored hash itself', () => {
      const events = chain(4);
      const withActor = [...events];
      withActor[1] = { ...events[1], metadata: { ...events[1].metadata, commandId: 'forged' } };
      const withHash = [...events];
      withHash[2] = { ...events[2], metadata: { ...events[2].metadata, hash: 'f'.repeat(64) } };

      expect(verifyHashChain(stream, withActor).firstInvalid?.revision).toBe(1n);
      expect(verifyHashChain(stream, withHash).firstInvalid?.revision).toBe(2n);
    });

    it('when an event was deleted', () => {
      const events = chain(5);
      events.splice(2, 1);

      expect(verifyHashChain(stream, events).firstInvalid).toEqual({
        revision: 2n,
        reason: expect.stringContaining('missing'),
      });
    });

    it('when two events swapped places, content and all', () => {
      const events = chain(5);
      const swapped = [events[0], { ...events[2], revision: 1n }, { ...events[1], revision: 2n }, events[3], events[4]];

      expect(verifyHashChain(stream, swapped).firstInvalid?.revision).toBe(1n);
    });

    it('when a whole event was recomputed without relinking the next one', () => {
      const events = chain(3);
      const [resealed] = sealEvents(stream, 1n, events[0].metadata.hash as string, [
        { id: randomUUID(), type: 'DocumentAttached', data: { n: 99 }, metadata: {} },
      ]);
      events[1] = { ...resealed, stream };

      expect(verifyHashChain(stream, events).firstInvalid).toEqual({
        revision: 2n,
        reason: expect.stringContaining('prevHash'),
      });
    });

    it('when the chain fields are gone', () => {
      const events = chain(2);
      const { hash: _removed, ...metadata } = events[1].metadata;
      events[1] = { ...events[1], metadata };

      expect(verifyHashChain(stream, events).firstInvalid?.revision).toBe(1n);
    });
  });

  it('verifies incrementally and reports the same as the whole-stream check', () => {
    const verifier = new HashChainVerifier(stream);
    const events = chain(3);

    expect(events.map((e) => verifier.push(e))).toEqual([true, true, true]);
    expect(verifier.result()).toEqual({ valid: true, checkedEvents: 3 });
    expect(verifyHashChain(stream, [])).toEqual({ valid: true, checkedEvents: 0 });
  });
});
