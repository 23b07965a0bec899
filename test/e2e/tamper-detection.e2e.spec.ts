import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { verifyStore } from '../../src/application/audit/store-verification';
import { computeEventHash } from '../../src/application/event-store/hash-chain';
import type { JsonObject } from '../../src/application/event-store/json';
import { cast, draftMou, expectStatus, recordSekjenDelegation, reviewAndOpenSigning } from '../support/agreement-scenarios';
import { startTestApp } from '../support/test-app';
import { temporaryDirectory, type TemporaryDirectory } from '../support/temporary-directory';

/**
 * Tampering done directly to the SQLite file, behind the service's back: one byte of an event's
 * data or metadata changed in the file itself, an event deleted, two events swapped. Verification
 * over HTTP and the whole-store check must name the right revision.
 */
describe('tamper detection on the SQLite file', () => {
  let directory: TemporaryDirectory;
  let id: string;
  let other: string;

  beforeEach(async () => {
    directory = await temporaryDirectory();
    const service = await startTestApp({}, directory);
    const people = await cast(service);
    await recordSekjenDelegation(people);
    ({ id } = await draftMou(people));
    const { draftHash } = {
      draftHash: (await people.auditor.get(`/agreements/${id}/state`)).json<{ agreement: { draftHash: string } }>().agreement.draftHash,
    };
    await reviewAndOpenSigning(people, id, draftHash);
    ({ id: other } = await draftMou(people));
    await service.close();
  });

  afterEach(async () => {
    await directory.remove();
  });

  const file = () => directory.file('events.db');

  async function verifyOverHttp(agreementId: string) {
    const service = await startTestApp({}, directory);
    try {
      const people = await cast(service);
      const response = await people.auditor.get(`/agreements/${agreementId}/verify`);
      expectStatus(response, 200);
      return response.json<{ valid: boolean; checkedEvents: number; firstInvalid?: { revision: number; reason: string } }>();
    } finally {
      await service.close();
    }
  }

  async function verifyWholeStore() {
    const store = new SqliteEventStore({ filename: file() });
    try {
      return await verifyStore(store);
    } finally {
      await store.close();
    }
  }

  /**
   * Changes the last byte of `marker` in the database file itself. Freed pages may still hold old
   * copies of a row's bytes, so every copy is changed: the live one is among them.
   */
  function flipByteOf(marker: string): void {
    const bytes = readFileSync(file());
    const needle = Buffer.from(marker, 'utf8');
    let copies = 0;
    for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) {
      bytes[at + needle.length - 1] ^= 0x01;
      copies += 1;
    }
    expect(copies).toBeGreaterThan(0);
    writeFileSync(file(), bytes);
  }

  /** Runs SQL on the file with the append-only triggers removed, as an intruder would. */
  function tamper(sql: (db: Database.Database) => void): void {
    const db = new Database(file());
    db.exec('DROP TRIGGER events_are_append_only_update; DROP TRIGGER events_are_append_only_delete;');
    sql(db);
    db.close();
  }

  /**
   * Recomputes `prev_hash` and `hash` of revisions `from`..`to` as the store would, each from the
   * one before: what an intruder who knows the hash rule does after changing content.
   */
  function reseal(db: Database.Database, stream: string, from: number, to = Number.MAX_SAFE_INTEGER): void {
    const rows = db
      .prepare(
        'SELECT revision, type, data, metadata, prev_hash FROM events WHERE stream = ? AND revision BETWEEN ? AND ? ORDER BY revision',
      )
      .all(stream, from, to) as Array<{ revision: number; type: string; data: string; metadata: string; prev_hash: string }>;
    const update = db.prepare('UPDATE events SET prev_hash = ?, hash = ? WHERE stream = ? AND revision = ?');
    let previous: string | undefined;
    for (const row of rows) {
      const prevHash = previous ?? row.prev_hash;
      const metadata = { ...(JSON.parse(row.metadata) as JsonObject), prevHash };
      previous = computeEventHash({
        stream,
        revision: BigInt(row.revision),
        type: row.type,
        data: JSON.parse(row.data) as JsonObject,
        metadata,
      });
      update.run(prevHash, previous, stream, row.revision);
    }
  }

  it('sees nothing wrong in an untouched file', async () => {
    expect(await verifyOverHttp(id)).toEqual({ id, valid: true, checkedEvents: 9 });
    expect((await verifyWholeStore()).broken).toEqual([]);
  });

  it('names the directory stream and revision whose delegation had one byte changed in the file', async () => {
    flipByteOf('SK Menteri 12/2020');

    expect((await verifyWholeStore()).broken).toEqual([
      expect.objectContaining({ stream: 'directory-delegations', revision: 0n, reason: expect.stringContaining('hash') }),
    ]);
    expect(await verifyOverHttp(id)).toMatchObject({ valid: true });
  });

  it('names the revision whose data had one byte changed in the file', async () => {
    flipByteOf(`draft-nk-${id.slice(0, 8)}.pdf`);

    expect(await verifyOverHttp(id)).toMatchObject({
      valid: false,
      checkedEvents: 1,
      firstInvalid: { revision: 1, reason: expect.stringContaining('hash') },
    });
    const store = await verifyWholeStore();
    expect(store.broken).toEqual([expect.objectContaining({ stream: `agreement-${id}`, revision: 1n })]);
    expect(await verifyOverHttp(other)).toMatchObject({ valid: true });
  });

  it('names the revision whose metadata had one byte changed in the file', async () => {
    flipByteOf('"name":"Biro Hukum Kemendes PDT');

    expect(await verifyOverHttp(id)).toMatchObject({
      valid: false,
      checkedEvents: 4,
      firstInvalid: { revision: 4, reason: expect.stringContaining('hash') },
    });
  });

  it('names the revision whose stored JSON no longer parses', async () => {
    flipByteOf('"name":"Biro Hukum Kemendes PDTT"');

    expect(await verifyOverHttp(id)).toMatchObject({
      valid: false,
      checkedEvents: 4,
      firstInvalid: { revision: 4, reason: expect.stringContaining('cannot be read') },
    });
  });

  it('names a deleted event', async () => {
    tamper((db) => db.prepare('DELETE FROM events WHERE stream = ? AND revision = 3').run(`agreement-${id}`));

    expect(await verifyOverHttp(id)).toMatchObject({
      valid: false,
      checkedEvents: 3,
      firstInvalid: { revision: 3, reason: expect.stringContaining('missing') },
    });
    expect((await verifyWholeStore()).broken).toEqual([expect.objectContaining({ revision: 3n })]);
  });

  it('names the first of two events swapped in order', async () => {
    tamper((db) => {
      const stream = `agreement-${id}`;
      const swap = db.prepare('UPDATE events SET revision = ? WHERE stream = ? AND revision = ?');
      db.transaction(() => {
        swap.run(-1, stream, 5);
        swap.run(5, stream, 6);
        swap.run(6, stream, -1);
      })();
    });

    expect(await verifyOverHttp(id)).toMatchObject({ valid: false, firstInvalid: { revision: 5 } });
  });

  it('names the event after one whose content was altered and its hash recomputed: the next link breaks', async () => {
    const stream = `agreement-${id}`;
    tamper((db) => {
      // Revision 1 attaches the draft; another name for it is still a legal, permitted step.
      const row = db.prepare('SELECT data FROM events WHERE stream = ? AND revision = 1').get(stream) as { data: string };
      const data = JSON.parse(row.data) as { name: string };
      expect(data.name).toBe(`draft-nk-${id.slice(0, 8)}.pdf`);
      db.prepare('UPDATE events SET data = ? WHERE stream = ? AND revision = 1').run(
        JSON.stringify({ ...data, name: 'draft-palsu.pdf' }),
        stream,
      );
      reseal(db, stream, 1, 1);
    });

    // Revision 1 checks out on its own (its hash fits its new content); revision 2 still points at its old hash.
    const broken = { revision: 2, reason: 'prevHash does not match the hash of the previous event' };
    expect(await verifyOverHttp(id)).toEqual({ id, valid: false, checkedEvents: 2, firstInvalid: broken });
    expect((await verifyWholeStore()).broken).toEqual([{ stream, ...broken, revision: 2n }]);
  });

  it('names an altered event by replay when the intruder rewrote the whole chain after it', async () => {
    const stream = `agreement-${id}`;
    tamper((db) => {
      // Revision 3 is Kemendes' technical clearance: made to clear for Barito Kuala instead, by a Kemendes reviewer.
      const row = db.prepare('SELECT type, data FROM events WHERE stream = ? AND revision = 3').get(stream) as {
        type: string;
        data: string;
      };
      const data = JSON.parse(row.data) as { agencyId: string };
      expect([row.type, data.agencyId]).toEqual(['ReviewApproved', 'kemendes-pdtt']);
      db.prepare('UPDATE events SET data = ? WHERE stream = ? AND revision = 3').run(
        JSON.stringify({ ...data, agencyId: 'pemkab-barito-kuala' }),
        stream,
      );
      reseal(db, stream, 3);
    });

    expect(await verifyOverHttp(id)).toEqual({
      id,
      valid: false,
      checkedEvents: 3,
      firstInvalid: { revision: 3, reason: expect.stringMatching(/was not allowed to approve-review/) },
    });
  });
});
