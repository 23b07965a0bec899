import Database from 'better-sqlite3';
import type { AppOverrides } from '../../src/app.module';
import { StoreVerificationRuns, type StoreVerificationLine } from '../../src/application/audit/store-verification-runs';
import { EVENT_STORE, type EventStore } from '../../src/application/ports/event-store.port';
import { cast, draftMou, expectStatus, recordSekjenDelegation, reviewAndOpenSigning } from '../support/agreement-scenarios';
import { collect, eventually, within } from '../support/async';
import type { Caller } from '../support/http-client';
import { startTestApp, TEST_EVENT_STORE_VARIABLE, type TestApp } from '../support/test-app';
import { temporaryDirectory, type TemporaryDirectory } from '../support/temporary-directory';

type Line = StoreVerificationLine;
type LineOf<K extends Line['kind']> = Extract<Line, { kind: K }>;

/** Tampering with the SQLite file needs the SQLite store; the rest runs on EventStoreDB too. */
const onSqlite = process.env[TEST_EVENT_STORE_VARIABLE] === 'eventstoredb' ? it.skip : it;

/**
 * `GET /audit/store-verification` over a real socket, read as a browser reads it: line by line,
 * and abandoned with an AbortController.
 */
class NdjsonStream {
  readonly lines: Line[] = [];
  status = 0;
  contentType = '';
  body = '';
  private readonly controller = new AbortController();
  private wake: (() => void) | undefined;
  private ended = false;
  private reading: Promise<void> = Promise.resolve();

  async open(url: string, caller: Caller): Promise<void> {
    const response = await fetch(url, { headers: { authorization: caller.authorization }, signal: this.controller.signal });
    this.status = response.status;
    this.contentType = response.headers.get('content-type') ?? '';
    if (!response.ok || !response.body) {
      this.body = await response.text();
      this.ended = true;
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    this.reading = (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          this.body += value;
          let end: number;
          while ((end = buffer.indexOf('\n')) >= 0) {
            this.lines.push(JSON.parse(buffer.slice(0, end)) as Line);
            buffer = buffer.slice(end + 1);
            this.wake?.();
          }
        }
        expect(buffer).toBe('');
      } catch (error) {
        if (!this.controller.signal.aborted) throw error;
      } finally {
        this.ended = true;
        this.wake?.();
      }
    })();
  }

  /** The first line of `kind`, waiting (bounded) for it. */
  async first<K extends Line['kind']>(kind: K): Promise<LineOf<K>> {
    const wait = async () => {
      for (;;) {
        const line = this.lines.find((candidate) => candidate.kind === kind);
        if (line) return line as LineOf<K>;
        if (this.ended) throw new Error(`the report ended without a ${kind} line: ${this.body}`);
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    };
    return within(wait(), 10_000, `a ${kind} line`);
  }

  /** Every line, once the service has ended the response. */
  async all(): Promise<Line[]> {
    await within(this.reading, 20_000, 'the end of the report');
    return this.lines;
  }

  abort(): void {
    this.controller.abort();
  }
}

describe('GET /audit/store-verification', () => {
  let directory: TemporaryDirectory;
  let service: TestApp | undefined;
  let people: Awaited<ReturnType<typeof cast>>;
  let baseUrl: string;
  let id: string;
  const streams: NdjsonStream[] = [];

  /** The service on the test's data folder, listening on a real socket. */
  async function serve(overrides: AppOverrides = {}): Promise<void> {
    service = await startTestApp({}, directory, overrides);
    await service.app.listen(0, '127.0.0.1');
    baseUrl = (await service.app.getUrl()).replace('[::1]', '127.0.0.1');
    people = await cast(service);
  }

  /** An agreement in signing (9 events), another just drafted (2), and the directory they rely on. */
  async function writeAgreements(): Promise<void> {
    await recordSekjenDelegation(people);
    const drafted = await draftMou(people);
    id = drafted.id;
    await reviewAndOpenSigning(people, id, drafted.draftHash);
    await draftMou(people);
  }

  const store = () => service!.app.get<EventStore>(EVENT_STORE);
  const agreementEventCount = async () => (await collect(store().readAll({ filter: { streamPrefixes: ['agreement-'] } }))).length;
  const lastPosition = async () => (await collect(store().readAll({ direction: 'backwards', maxCount: 1 })))[0]?.position;
  const runs = () => service!.app.get(StoreVerificationRuns);

  async function verification(caller: Caller): Promise<NdjsonStream> {
    const stream = new NdjsonStream();
    streams.push(stream);
    await stream.open(`${baseUrl}/audit/store-verification`, caller);
    return stream;
  }

  async function verifyStoreReads() {
    const reads = await people.auditor.get('/audit/reads?limit=20');
    expectStatus(reads, 200);
    return reads
      .json<Array<{ actor: { id: string }; agreementId: string; read: string; detail: Record<string, unknown> }>>()
      .filter((read) => read.read === 'verify-store');
  }

  beforeEach(async () => {
    directory = await temporaryDirectory();
  });

  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.abort();
    if (service) {
      await eventually(() => runs().running === undefined, 'the runs to stop');
      // After an aborted fetch, Node's client opens a spare connection that sends nothing; the server would wait for it.
      service.app.getHttpServer().closeAllConnections();
      await service.close();
    }
    service = undefined;
    await directory.remove();
  });

  it('streams an auditor’s check of an untouched store: started, progress to 1, done with every agreement event, and records it', async () => {
    await serve();
    await writeAgreements();
    const events = await agreementEventCount();

    const report = await verification(people.auditor);
    const lines = await report.all();

    expect(report.status).toBe(200);
    expect(report.contentType).toMatch(/^application\/x-ndjson/);
    expect(lines[0]).toMatchObject({ kind: 'started', startedAt: expect.any(String), totalEstimate: expect.any(Number) });
    expect(lines.at(-1)).toEqual({ kind: 'done', events, streams: 2, directoryEvents: 3, broken: 0, seconds: expect.any(Number) });
    expect(lines.filter((line) => line.kind === 'broken')).toEqual([]);
    const progress = lines.filter((line): line is LineOf<'progress'> => line.kind === 'progress');
    expect(progress.at(-1)).toEqual({
      kind: 'progress',
      events,
      streams: 2,
      broken: 0,
      fraction: 1,
      eventsPerSecond: expect.any(Number),
      secondsLeft: 0,
    });
    const fractions = progress.map((line) => line.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(await verifyStoreReads()).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ id: 'itjen-1' }),
        agreementId: '*',
        detail: { events, broken: 0, outcome: 'done' },
      }),
    ]);
  });

  onSqlite('names the agreement and the first invalid revision of an event altered in the SQLite file', async () => {
    await serve();
    await writeAgreements();
    await service!.close();
    const db = new Database(directory.file('events.db'));
    db.exec('DROP TRIGGER events_are_append_only_update; DROP TRIGGER events_are_append_only_delete;');
    const row = db.prepare('SELECT data FROM events WHERE stream = ? AND revision = 3').get(`agreement-${id}`) as { data: string };
    db.prepare('UPDATE events SET data = ? WHERE stream = ? AND revision = 3').run(
      JSON.stringify({ ...JSON.parse(row.data), agencyId: 'pemkab-barito-kuala' }),
      `agreement-${id}`,
    );
    db.close();
    await serve();

    const lines = await (await verification(people.admin)).all();

    expect(lines.filter((line) => line.kind === 'broken')).toEqual([
      { kind: 'broken', stream: `agreement-${id}`, agreementId: id, revision: 3, reason: expect.stringContaining('hash') },
    ]);
    expect(lines.at(-1)).toMatchObject({ kind: 'done', broken: 1 });
    expect(lines.filter((line) => line.kind === 'progress').at(-1)).toMatchObject({ broken: 1, fraction: 1 });
    expect(await verifyStoreReads()).toEqual([
      expect.objectContaining({ agreementId: '*', detail: expect.objectContaining({ broken: 1, outcome: 'done' }) }),
    ]);
  });

  it('refuses an official with a 403 problem document and appends nothing', async () => {
    await serve();
    await writeAgreements();
    const before = await lastPosition();

    const refused = await verification(people.kemendesCoordinator);

    expect(refused.status).toBe(403);
    expect(refused.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(refused.body)).toMatchObject({
      status: 403,
      title: 'Forbidden',
      detail: expect.stringContaining('auditors and administrators'),
    });
    expect(await lastPosition()).toBe(before);
    expect(runs().running).toBeUndefined();
  });

  it('answers HEAD with the headers of the report, checking and recording nothing', async () => {
    await serve();
    await writeAgreements();
    const before = await lastPosition();

    const response = await service!.app.inject({
      method: 'HEAD',
      url: '/audit/store-verification',
      headers: { authorization: people.auditor.authorization },
    });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(response.body).toBe('');
    expect(await lastPosition()).toBe(before);
    expect(await verifyStoreReads()).toEqual([]);
  });

  describe('while a check runs', () => {
    /** Each pause lasts until the run is cancelled: a run stays mid-way until its reader leaves. */
    const untilCancelled: AppOverrides = {
      storeVerificationPacing: {
        progressIntervalMs: 0,
        pauseEvery: 1,
        pause: (signal) =>
          new Promise<void>((resolve) =>
            !signal || signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
          ),
      },
    };

    it('answers a second request with 409 naming who started the first and when', async () => {
      await serve(untilCancelled);
      await writeAgreements();
      const first = await verification(people.auditor);
      const started = await first.first('started');
      await first.first('progress');

      const second = await verification(people.admin);

      expect(second.status).toBe(409);
      expect(second.contentType).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(second.body)).toEqual({
        type: 'urn:sepakat:problem:store-verification-running',
        title: 'Conflict',
        status: 409,
        detail: expect.stringContaining(`started by Inspektorat Jenderal Kemendes PDTT at ${started.startedAt}`),
        startedBy: { id: 'itjen-1', name: 'Inspektorat Jenderal Kemendes PDTT' },
        startedAt: started.startedAt,
      });
    });

    it('stops reading when the client goes away, records the cancellation, and accepts the next run', async () => {
      await serve(untilCancelled);
      await writeAgreements();
      const first = await verification(people.auditor);
      expect(await first.first('progress')).toMatchObject({ events: 1, fraction: expect.any(Number) });

      first.abort();
      await eventually(() => runs().running === undefined, 'the cancelled run to release the store', 2000);
      const next = await verification(people.admin);

      expect(next.status).toBe(200);
      await next.first('started');
      expect(runs().running?.startedBy.id).toBe('admin-1');
      expect(await verifyStoreReads()).toEqual([
        expect.objectContaining({
          actor: expect.objectContaining({ id: 'itjen-1' }),
          agreementId: '*',
          detail: { events: 1, broken: 0, outcome: 'cancelled' },
        }),
      ]);
    });
  });
});
