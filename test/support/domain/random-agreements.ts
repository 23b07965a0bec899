import { createHash } from 'node:crypto';
import { derivedUuid, toNewEvent } from '../../../src/application/agreements/agreement-stream';
import { buildEventEnvelope } from '../../../src/application/event-store/event-envelope';
import type { NewEvent } from '../../../src/application/ports/event-store.port';
import type { Actor } from '../../../src/domain/access/actor';
import { ROLES, type Role } from '../../../src/domain/access/roles';
import type { AgreementActionCommand } from '../../../src/domain/agreements/agreement-commands';
import {
  availableActions,
  decideAndApply,
  decideDraft,
  evolve,
  initialState,
  lifecycleState,
  type AgreementState,
} from '../../../src/domain/agreements/agreement-decider';
import type { AgreementEvent, PartyRole } from '../../../src/domain/agreements/agreement-events';
import { addDays } from '../../../src/domain/agreements/calendar';
import { NOTA_KESEPAHAMAN_V1 } from '../../../src/domain/workflows/workflow-registry';

/** A small deterministic generator (mulberry32): the same seed gives the same agreements on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The agencies agreements are drawn between: the seed case's and a few more regencies. */
export const AGENCIES = [
  { agencyId: 'kemendes-pdtt', name: 'Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi' },
  { agencyId: 'pemkab-barito-kuala', name: 'Pemerintah Kabupaten Barito Kuala' },
  { agencyId: 'pemkab-banjar', name: 'Pemerintah Kabupaten Banjar' },
  { agencyId: 'pemkab-tapin', name: 'Pemerintah Kabupaten Tapin' },
  { agencyId: 'pemprov-kalsel', name: 'Pemerintah Provinsi Kalimantan Selantan' },
] as const;

const PARTY_ROLES: PartyRole[] = ['PIHAK_KESATU', 'PIHAK_KEDUA', 'PIHAK_KETIGA'];
const TITLES = [
  'Pengembangan Desa Percontohan',
  'Pemberdayaan Masyarakat Transmigrasi',
  'Peningkatan Kapasitas Aparatur Désa',
  'Kawasan Terpadu Mandiri',
  'Pelatihan Kewirausahaan',
];
const ACTING: Role[] = ROLES.filter((role) => role !== 'AUDITOR' && role !== 'ADMIN');

export interface GeneratedEvent {
  readonly event: AgreementEvent;
  readonly actor: Actor;
  readonly at: Date;
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** A body for an action the agreement offers, from what its state knows. */
function commandFor(
  action: string,
  state: AgreementState,
  random: () => number,
  step: number,
): { command: AgreementActionCommand; at?: Date } {
  const ctx = state.snapshot.context;
  const term = ctx.term!;
  switch (action) {
    case 'attach-document':
      return {
        command: {
          type: 'AttachDocument',
          documentType: random() < 0.8 ? 'DRAFT' : 'KAK',
          sha256: hashOf(`${ctx.agreementId}:${step}`),
          name: `dokumen-${step}.pdf`,
        },
      };
    case 'submit-for-review':
      return { command: { type: 'SubmitForReview' } };
    case 'approve-review':
      return { command: { type: 'ApproveReview', documentHash: ctx.draftHash! } };
    case 'request-changes':
      return { command: { type: 'RequestChanges', reason: 'Pasal 5 perlu diperjelas' } };
    case 'open-signing':
      return { command: { type: 'OpenSigning' } };
    case 'sign':
      return { command: { type: 'SignAgreement', documentHash: ctx.clearedHash!, signatoryName: 'Kepala Dinas' } };
    case 'activate':
      return { command: { type: 'ActivateAgreement', effectiveDate: term.startDate } };
    case 'assign-registry-number':
      return { command: { type: 'AssignRegistryNumber', number: `${100 + step}/PKS/${term.startDate.slice(0, 4)}`, date: term.startDate } };
    case 'propose-locations':
      return {
        command: {
          type: 'ProposeLocations',
          locations: [{ province: 'Kalimantan Selatan', regency: 'Barito Kuala', district: random() < 0.5 ? 'Anjir Pasar' : 'Tabukan' }],
        },
      };
    case 'confirm-locations':
      return { command: { type: 'ConfirmLocations' } };
    case 'propose-amendment':
      return {
        command: { type: 'ProposeAmendment', summary: 'Tambah lokus', documentHash: hashOf(`${ctx.agreementId}:amendment:${step}`) },
      };
    case 'renew':
      return { command: { type: 'RenewAgreement', newEndDate: addDays(term.endDate, 365) }, at: new Date(`${term.startDate}T03:00:00Z`) };
    case 'give-termination-notice':
      return {
        command: { type: 'GiveTerminationNotice', reason: 'Program dihentikan', effectiveDate: addDays(term.startDate, 30) },
        at: new Date(`${term.startDate}T03:00:00Z`),
      };
    case 'terminate':
      return { command: { type: 'TerminateAgreement' }, at: new Date(`${ctx.termination!.effectiveDate}T03:00:00Z`) };
    case 'expire':
      return { command: { type: 'ExpireAgreement' }, at: new Date(`${addDays(term.endDate, 1)}T03:00:00Z`) };
    case 'withdraw':
      return { command: { type: 'WithdrawDraft', reason: 'Tidak dilanjutkan' } };
    case 'archive':
      return { command: { type: 'ArchiveAgreement' } };
    default:
      throw new Error(`No body for ${action}`);
  }
}

/**
 * A legal life of one MoU, decided step by step by the real decider: drafted between two or three
 * agencies, then each step a random action some official of a party is offered, until it stops
 * (at random, so agreements end up in every state, part-way through review, signing, numbering
 * and confirming locations). `start` is when it is drafted; each step comes a few minutes later.
 */
export function randomAgreementLife(
  agreementId: string,
  random: () => number,
  start: Date,
  maxSteps = 40,
  /** The parties, in order, instead of two or three of {@link AGENCIES} at random. */
  parties?: ReadonlyArray<{ readonly agencyId: string; readonly name: string }>,
): GeneratedEvent[] {
  const count = random() < 0.7 ? 2 : 3;
  const pool = parties ? [...parties] : [...AGENCIES].sort(() => random() - 0.5).slice(0, count);
  const year = 2020 + Math.floor(random() * 6);
  const startDate = `${year}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
  const endDate = addDays(startDate, 365 * (1 + Math.floor(random() * 5)));
  const drafter: Actor = { id: `drafter-${pool[0].agencyId}`, name: 'Staf Perencanaan', agencyId: pool[0].agencyId, roles: ['DRAFTER'] };
  const [drafted] = decideDraft(
    {
      type: 'DraftAgreement',
      agreementId,
      kind: 'NOTA_KESEPAHAMAN',
      title: `${TITLES[Math.floor(random() * TITLES.length)]} ${agreementId.slice(0, 4)}`,
      ...(random() < 0.5 ? { purpose: 'Percepatan pembangunan desa dan kawasan transmigrasi' } : {}),
      parties: pool.map((agency, index) => ({ ...agency, role: PARTY_ROLES[index] })),
      term: { startDate, endDate, noticePeriodDays: 30 },
    },
    NOTA_KESEPAHAMAN_V1,
    drafter,
    { now: start },
  );
  const life: GeneratedEvent[] = [{ event: drafted, actor: drafter, at: start }];
  let state = evolve(initialState(NOTA_KESEPAHAMAN_V1), drafted);
  let clock = start.getTime();
  for (let step = 1; step < maxSteps && random() > 0.04; step++) {
    if (lifecycleState(state) === 'archived') break;
    const choices: Array<{ actor: Actor; action: string }> = [];
    for (const party of state.snapshot.context.parties) {
      for (const role of ACTING) {
        const actor: Actor = {
          id: `${role.toLowerCase()}-${party.agencyId}`,
          name: `${role} ${party.agencyId}`,
          agencyId: party.agencyId,
          roles: [role],
        };
        // A life stays on version 1 (its envelopes say so): moving it to version 2 is not drawn.
        for (const action of availableActions(state, actor))
          if (action.name !== 'migrate-workflow') choices.push({ actor, action: action.name });
      }
    }
    // Move forward more often than sideways: amendments, notices and renewals are rarer.
    const sideways = [
      'propose-amendment',
      'request-changes',
      'withdraw',
      'give-termination-notice',
      'renew',
      'expire',
      'archive',
      ...(state.snapshot.context.draftHash ? ['attach-document'] : []),
    ];
    const forward = choices.filter((choice) => !sideways.includes(choice.action));
    const from = forward.length > 0 && random() < 0.85 ? forward : choices;
    const pick = from[Math.floor(random() * from.length)];
    if (!pick) break;
    clock += 60_000 + Math.floor(random() * 3_600_000);
    const { command, at } = commandFor(pick.action, state, random, step);
    try {
      const decision = decideAndApply(command, state, pick.actor, { now: at ?? new Date(clock) });
      for (const event of decision.events) life.push({ event, actor: pick.actor, at: new Date(clock) });
      state = decision.next;
    } catch {
      // A business rule refused it (a date, say): the agreement simply does not take that step.
    }
  }
  return life;
}

/** The events of a generated life, as a store takes them. */
export function toNewEvents(agreementId: string, life: readonly GeneratedEvent[]): NewEvent[] {
  return life.map(({ event, actor, at }, index) => {
    const commandId = derivedUuid(agreementId, `step-${index}`);
    const envelope = buildEventEnvelope({ commandId, actor, workflow: { name: 'nota-kesepahaman', version: 1 }, occurredAt: at });
    return toNewEvent(event, derivedUuid(commandId, '0'), envelope);
  });
}
