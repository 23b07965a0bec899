/**
 * Verification speed: one agreement of 10,000 events (hash chain + replay + policy, as
 * `GET /agreements/:id/verify` does it) and the whole-store check over 100,000 events in 200
 * agreements (`npm run verify`), each against a plain read of the same events in the same run.
 */
import { randomBytes } from 'node:crypto';
import { AgreementVerifier } from '../src/application/audit/agreement-verifier';
import { derivedUuid, toNewEvent } from '../src/application/agreements/agreement-stream';
import { buildEventEnvelope } from '../src/application/event-store/event-envelope';
import type { Actor } from '../src/domain/access/actor';
import type { AgreementEvent } from '../src/domain/agreements/agreement-events';
import { SqliteEventStore } from '../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { verifyStore } from '../src/cli/verify-store';
import { temporaryDirectory } from '../test/support/temporary-directory';
import { markdownTable, nowMs } from './support';

const KEMENDES = 'kemendes-pdtt';
const BATOLA = 'pemkab-barito-kuala';
const drafter: Actor = { id: 'blm', name: 'Staf BLM', agencyId: KEMENDES, roles: ['DRAFTER', 'COORDINATOR'] };
const reviewer: Actor = { id: 'prog', name: 'Unit Program', agencyId: KEMENDES, roles: ['REVIEWER'] };
const batolaReviewer: Actor = { id: 'bappeda', name: 'Bappeda', agencyId: BATOLA, roles: ['REVIEWER'] };

/** A legal agreement stream of `count` events: a draft, then cycles of submit, clear, send back, redraft. */
function* lifeOf(agreementId: string, count: number): Generator<[AgreementEvent, Actor]> {
  let hash = randomBytes(32).toString('hex');
  yield [
    {
      type: 'AgreementDrafted',
      agreementId,
      kind: 'NOTA_KESEPAHAMAN',
      title: 'Pengembangan Desa Percontohan',
      parties: [
        { agencyId: KEMENDES, name: 'Kemendes PDTT', role: 'PIHAK_KESATU' },
        { agencyId: BATOLA, name: 'Pemkab Barito Kuala', role: 'PIHAK_KEDUA' },
      ],
      term: { startDate: '2020-03-10', endDate: '2024-12-31', noticePeriodDays: 90 },
    },
    drafter,
  ];
  yield [{ type: 'DocumentAttached', documentType: 'DRAFT', sha256: hash, name: 'draft.pdf' }, drafter];
  for (let n = 2; n < count; n += 4) {
    yield [{ type: 'SubmittedForReview', documentHash: hash }, drafter];
    yield [{ type: 'ReviewApproved', agencyId: KEMENDES, tier: 'TECHNICAL', documentHash: hash }, reviewer];
    yield [{ type: 'ChangesRequested', agencyId: BATOLA, reason: 'Pasal 5' }, batolaReviewer];
    hash = randomBytes(32).toString('hex');
    yield [{ type: 'DocumentAttached', documentType: 'DRAFT', sha256: hash, name: 'draft.pdf' }, drafter];
  }
}

export async function writeAgreement(store: SqliteEventStore, agreementId: string, count: number): Promise<void> {
  const batch: ReturnType<typeof toNewEvent>[] = [];
  let revision: bigint | 'no_stream' = 'no_stream';
  let n = 0;
  for (const [event, actor] of lifeOf(agreementId, count)) {
    const commandId = derivedUuid(agreementId, String(n));
    const envelope = buildEventEnvelope({ commandId, actor, workflow: { name: 'nota-kesepahaman', version: 1 }, occurredAt: new Date('2020-03-10T03:00:00Z') });
    batch.push(toNewEvent(event, derivedUuid(commandId, '0'), envelope));
    n += 1;
    if (batch.length === 500 || n >= count) {
      revision = (await store.append(`agreement-${agreementId}`, batch.splice(0), { expectedRevision: revision })).nextRevision;
      if (n >= count) return;
    }
  }
}

export async function benchVerify(): Promise<string> {
  const directory = await temporaryDirectory('sepakat-bench-');
  const store = new SqliteEventStore({ filename: directory.file('events.db'), synchronous: 'normal' });
  try {
    const long = '00000000-0000-4000-8000-000000010000';
    await writeAgreement(store, long, 10_000);
    for (let i = 0; i < 200; i += 1) await writeAgreement(store, derivedUuid('bench', String(i)), 500);

    let started = nowMs();
    let read = 0;
    for await (const _ of store.readStream(`agreement-${long}`)) read += 1;
    const readSeconds = (nowMs() - started) / 1000;
    started = nowMs();
    const verifier = new AgreementVerifier(`agreement-${long}`);
    for await (const event of store.readStream(`agreement-${long}`)) verifier.push(event);
    const verifySeconds = (nowMs() - started) / 1000;
    const single = verifier.result();
    if (!single.valid || single.checkedEvents !== read) throw new Error(`the benchmark stream does not verify: ${JSON.stringify(single)}`);

    started = nowMs();
    let all = 0;
    for await (const _ of store.readAll()) all += 1;
    const readAllSeconds = (nowMs() - started) / 1000;
    started = nowMs();
    const whole = await verifyStore(store);
    const wholeSeconds = (nowMs() - started) / 1000;
    if (whole.broken.length > 0) throw new Error('the benchmark store does not verify');

    return markdownTable(
      ['check', 'events', 'plain read (baseline)', 'verified (chain + replay + policy)', 'time vs plain read'],
      [
        ['one agreement (`/verify`)', String(read), `${readSeconds.toFixed(3)} s`, `**${verifySeconds.toFixed(3)} s** (${Math.round(read / verifySeconds)} events/s)`, `${(verifySeconds / readSeconds).toFixed(1)}×`],
        ['whole store (`npm run verify`)', String(whole.events), `${readAllSeconds.toFixed(3)} s`, `**${wholeSeconds.toFixed(2)} s** (${Math.round(all / wholeSeconds)} events/s, ${whole.streams} agreements)`, `${(wholeSeconds / readAllSeconds).toFixed(1)}×`],
      ],
    );
  } finally {
    await store.close();
    await directory.remove();
  }
}
