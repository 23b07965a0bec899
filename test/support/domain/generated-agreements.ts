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

/** The MoU of the motivating case drafted between Kemendes PDTT and Pemkab Barito Kuala, ending on `endDate`. */
function drafted(agreementId: string, endDate: string): AgreementEvent {
  return {
    type: 'AgreementDrafted',
    agreementId,
    kind: 'NOTA_KESEPAHAMAN',
    title: 'Pengembangan Desa Percontohan',
    parties: [
      { agencyId: KEMENDES, name: 'Kemendes PDTT', role: 'PIHAK_KESATU' },
      { agencyId: BATOLA, name: 'Pemkab Barito Kuala', role: 'PIHAK_KEDUA' },
    ],
    term: { startDate: '2020-03-10', endDate, noticePeriodDays: 90 },
  };
}

/** A legal agreement stream of `count` events: a draft, then cycles of submit, clear, send back, redraft. */
function* lifeOf(agreementId: string, count: number): Generator<[AgreementEvent, Actor]> {
  let hash = randomBytes(32).toString('hex');
  yield [drafted(agreementId, '2024-12-31'), drafter];
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

const coordinator: Actor = { id: 'biro-ks', name: 'Biro Kerja Sama', agencyId: KEMENDES, roles: ['COORDINATOR'] };
const legal: Actor = { id: 'biro-hukum', name: 'Biro Hukum', agencyId: KEMENDES, roles: ['LEGAL_REVIEWER'] };
const batolaLegal: Actor = { id: 'hukum-batola', name: 'Bagian Hukum', agencyId: BATOLA, roles: ['LEGAL_REVIEWER'] };
const signatory: Actor = { id: 'sekjen', name: 'Sekretaris Jenderal', agencyId: KEMENDES, roles: ['SIGNATORY'] };
const batolaSignatory: Actor = { id: 'bupati', name: 'Bupati', agencyId: BATOLA, roles: ['SIGNATORY'] };

/** The thirteen events of an MoU from draft to active, under workflow version 2, with the end date given. */
export function activeAgreementEvents(agreementId: string, endDate: string): NewEvent[] {
  const hash = randomBytes(32).toString('hex');
  const life: Array<[AgreementEvent, Actor]> = [
    [drafted(agreementId, endDate), drafter],
    [{ type: 'DocumentAttached', documentType: 'DRAFT', sha256: hash, name: 'draft.pdf' }, drafter],
    [{ type: 'SubmittedForReview', documentHash: hash }, drafter],
    [{ type: 'ReviewApproved', agencyId: KEMENDES, tier: 'TECHNICAL', documentHash: hash }, reviewer],
    [{ type: 'ReviewApproved', agencyId: BATOLA, tier: 'TECHNICAL', documentHash: hash }, batolaReviewer],
    [{ type: 'ReviewApproved', agencyId: KEMENDES, tier: 'LEGAL', documentHash: hash }, legal],
    [{ type: 'ReviewApproved', agencyId: BATOLA, tier: 'LEGAL', documentHash: hash }, batolaLegal],
    [{ type: 'ClearedForSigning', documentHash: hash }, batolaLegal],
    [{ type: 'SigningOpened' }, coordinator],
    [{ type: 'PartySigned', agencyId: KEMENDES, documentHash: hash, signatoryName: 'Sekjen', capacity: 'ORIGINAL' }, signatory],
    [{ type: 'PartySigned', agencyId: BATOLA, documentHash: hash, signatoryName: 'Bupati', capacity: 'ORIGINAL' }, batolaSignatory],
    [{ type: 'AgreementExecuted', documentHash: hash, version: 1 }, batolaSignatory],
    [{ type: 'Activated', effectiveDate: '2020-03-10' }, coordinator],
  ];
  return life.map(([event, actor], index) => {
    const commandId = derivedUuid(agreementId, 'active', String(index));
    const envelope = buildEventEnvelope({
      commandId,
      actor,
      workflow: { name: 'nota-kesepahaman', version: 2 },
      occurredAt: new Date('2020-03-10T03:00:00Z'),
    });
    return toNewEvent(event, derivedUuid(commandId, '0'), envelope);
  });
}

/** Writes an active MoU (see {@link activeAgreementEvents}) straight into a store. */
export async function writeActiveAgreement(store: EventStore, agreementId: string, endDate: string): Promise<void> {
  await store.append(`agreement-${agreementId}`, activeAgreementEvents(agreementId, endDate), { expectedRevision: 'no_stream' });
}
