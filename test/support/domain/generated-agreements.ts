import { randomBytes } from 'node:crypto';
import { derivedUuid, toNewEvent } from '../../../src/application/agreements/agreement-stream';
import { buildEventEnvelope } from '../../../src/application/event-store/event-envelope';
import type { EventStore, NewEvent } from '../../../src/application/ports/event-store.port';
import type { Actor } from '../../../src/domain/access/actor';
import type { AgreementEvent } from '../../../src/domain/agreements/agreement-events';

/** Agreements with long, legal histories, written straight into a store: for benchmarks and bulk tests. */
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

/**
 * The first `count` events of a legal agreement stream, ready to append in order: a draft, an
 * attached draft document, then cycles of submit (revision 2, 6, ...), a clearance, changes
 * requested (revision 4, 8, ...: the review ends), and a new draft document.
 */
export function agreementEvents(agreementId: string, count: number): NewEvent[] {
  const events: NewEvent[] = [];
  for (const [event, actor] of lifeOf(agreementId, count)) {
    if (events.length >= count) break;
    const commandId = derivedUuid(agreementId, String(events.length));
    const envelope = buildEventEnvelope({
      commandId,
      actor,
      workflow: { name: 'nota-kesepahaman', version: 1 },
      occurredAt: new Date('2020-03-10T03:00:00Z'),
    });
    events.push(toNewEvent(event, derivedUuid(commandId, '0'), envelope));
  }
  return events;
}

export async function writeAgreement(store: EventStore, agreementId: string, count: number): Promise<void> {
  const events = agreementEvents(agreementId, count);
  let revision: bigint | 'no_stream' = 'no_stream';
  for (let from = 0; from < events.length; from += 500) {
    revision = (await store.append(`agreement-${agreementId}`, events.slice(from, from + 500), { expectedRevision: revision }))
      .nextRevision;
  }
}
