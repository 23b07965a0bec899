import { Writable } from 'node:stream';
import type { AgreementChange, ChangeFeed } from '../../../src/application/read-models/agreement-changes';
import type { AgreementSummary } from '../../../src/application/ports/agreement-read-model.port';
import { streamChanges } from '../../../src/api/events/sse-stream';

/** An endless feed that counts how many changes were pulled from it and whether it was closed. */
function endlessFeed() {
  const state = { pulled: 0, closed: false };
  const summary = { id: 'a', title: 'Kerja sama '.repeat(40) } as unknown as AgreementSummary;
  const feed: ChangeFeed = {
    [Symbol.asyncIterator]: () => ({
      next: async (): Promise<IteratorResult<AgreementChange>> => {
        if (state.closed) return { done: true, value: undefined };
        state.pulled += 1;
        return { done: false, value: { position: BigInt(state.pulled), kind: 'PartySigned', agreement: summary } };
      },
    }),
    close: async () => {
      state.closed = true;
    },
  };
  return { feed, state };
}

/** A socket whose client never reads: it takes `capacity` bytes, then never drains. */
function stuckClient(capacity: number) {
  const written: string[] = [];
  const sink = new Writable({
    highWaterMark: capacity,
    decodeStrings: false,
    write(chunk: string, _encoding, _callback) {
      written.push(chunk);
      // Never calling back: the client never takes this chunk, so the buffer never drains.
    },
  });
  return { sink, written };
}

describe('SSE stream to one client', () => {
  it('drops a client that does not drain in time, having pulled only what it could write', async () => {
    const { feed, state } = endlessFeed();
    const { sink } = stuckClient(4096);

    const started = Date.now();
    const outcome = await streamChanges(feed, sink, 10n, { heartbeatMs: 60_000, slowClientMs: 100 });

    expect(outcome).toBe('slow-client-dropped');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(state.closed).toBe(true);
    // Closed, not ended: ending would wait for the client to read the buffered frames.
    expect(sink.destroyed).toBe(true);
    // Pull-based: it stopped at the first frame the buffer could not take, so memory stays bounded.
    expect(state.pulled).toBeLessThanOrEqual(Math.ceil(4096 / 500) + 1);
    expect(sink.writableLength).toBeLessThan(4096 + 1024);
  });

  it('keeps a client that drains, and stops pulling when it goes away', async () => {
    const { feed, state } = endlessFeed();
    const frames: string[] = [];
    const sink = new Writable({
      highWaterMark: 1024,
      decodeStrings: false,
      write(chunk: string, _encoding, callback) {
        frames.push(chunk);
        if (frames.length === 50) sink.destroy();
        setImmediate(callback);
      },
    });

    const outcome = await streamChanges(feed, sink, undefined, { heartbeatMs: 60_000, slowClientMs: 1_000 });

    expect(outcome).toBe('client-closed');
    expect(state.closed).toBe(true);
    expect(frames[0]).toBe('retry: 2000\n: position start\n\n');
    expect(frames[1]).toMatch(/^id: 1\nevent: PartySigned\ndata: \{"id":"a"/);
    expect(state.pulled).toBeLessThanOrEqual(52);
  });
});
