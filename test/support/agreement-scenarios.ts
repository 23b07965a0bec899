import { createHash } from 'node:crypto';
import { callerFor, type Caller } from './http-client';
import { BARITO_KUALA, KEMENDES, officials } from './domain/officials';
import type { TestApp } from './test-app';
import type { Official } from './tokens';

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export const MOU_DRAFT = {
  kind: 'NOTA_KESEPAHAMAN',
  title: 'Pengembangan Desa Percontohan',
  purpose: 'Pengembangan desa percontohan di Kabupaten Barito Kuala',
  parties: [
    { agencyId: KEMENDES, name: 'Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi', role: 'PIHAK_KESATU' },
    { agencyId: BARITO_KUALA, name: 'Pemerintah Kabupaten Barito Kuala', role: 'PIHAK_KEDUA' },
  ],
  term: { startDate: '2020-03-10', endDate: '2024-12-31' },
};

export const LOCATIONS = [
  { province: 'Kalimantan Selatan', regency: 'Barito Kuala', district: 'Anjir Pasar' },
  { province: 'Kalimantan Selatan', regency: 'Barito Kuala', district: 'Tabukan', area: 'KTM Cahaya Baru' },
];

/** Every official of the motivating case, with a token. */
export async function cast(service: TestApp): Promise<Record<keyof typeof officials, Caller>> {
  const entries = await Promise.all(
    Object.entries(officials).map(async ([key, official]) => [key, await callerFor(service, official as Official)] as const),
  );
  return Object.fromEntries(entries) as Record<keyof typeof officials, Caller>;
}

/** Asserts a response status, showing the body when it differs. */
export function expectStatus(response: { statusCode: number; body: string }, status: number): void {
  if (response.statusCode !== status) throw new Error(`Expected HTTP ${status}, got ${response.statusCode}: ${response.body}`);
}

/** Drafts the MoU of the motivating case and attaches its draft; returns its id, draft hash and the position of its last event. */
export async function draftMou(people: Awaited<ReturnType<typeof cast>>, draft: object = MOU_DRAFT) {
  const created = await people.kemendesDrafter.post('/agreements', draft);
  expectStatus(created, 201);
  const { id } = created.json<{ id: string }>();
  const draftHash = sha256(`draft of ${id}`);
  const attached = await people.kemendesDrafter.act(id, 'attach-document', {
    type: 'DRAFT',
    sha256: draftHash,
    name: `draft-nk-${id.slice(0, 8)}.pdf`,
  });
  expectStatus(attached, 200);
  // The log position of the last event appended: a read with ?minPosition= waits for the read model to reach it.
  const position = attached.headers['x-event-position'] as string;
  return { id, draftHash, position };
}

/** Review and legal clearance by both parties, then signing opened. */
export async function reviewAndOpenSigning(
  people: Awaited<ReturnType<typeof cast>>,
  id: string,
  draftHash: string,
  parties = ['kemendes', 'barito'],
) {
  expectStatus(await people.kemendesDrafter.act(id, 'submit-for-review'), 200);
  const reviewers = {
    kemendes: [people.kemendesReviewer, people.kemendesLegal],
    barito: [people.baritoReviewer, people.baritoLegal],
  } as const;
  for (const party of parties as (keyof typeof reviewers)[]) {
    for (const reviewer of reviewers[party]) expectStatus(await reviewer.act(id, 'approve-review', { documentHash: draftHash }), 200);
  }
  expectStatus(await people.kemendesCoordinator.act(id, 'open-signing'), 200);
}

/** The directory entries the signatures of these scenarios rely on: both parties, and the Minister's delegation to the Sekjen. */
export const SEKJEN_DELEGATION = {
  id: 'sk-menteri-12-2020',
  grantor: { agencyId: KEMENDES, position: 'Menteri' },
  grantee: { agencyId: KEMENDES, position: 'Sekretaris Jenderal' },
  scope: { kinds: ['NOTA_KESEPAHAMAN', 'PERJANJIAN_KERJA_SAMA'] },
  referenceNumber: 'SK Menteri 12/2020',
  letterSha256: sha256('SK Menteri 12/2020'),
  validFrom: '2020-01-01',
  validUntil: '2099-12-31',
};

const directories = new WeakMap<Caller, Promise<void>>();

/**
 * Records, once per service, the two parties of the motivating case and the Minister's delegation
 * to the Sekjen (workflow version 2 signs on behalf only under a recorded delegation).
 */
export function recordSekjenDelegation(people: Awaited<ReturnType<typeof cast>>): Promise<void> {
  let recorded = directories.get(people.admin);
  if (!recorded) {
    recorded = (async () => {
      const agencies = [
        {
          id: KEMENDES,
          name: 'Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi',
          level: 'KEMENTERIAN',
          timeZone: 'Asia/Jakarta',
        },
        { id: BARITO_KUALA, name: 'Pemerintah Kabupaten Barito Kuala', level: 'PEMERINTAH_KABUPATEN_KOTA', timeZone: 'Asia/Makassar' },
      ];
      for (const agency of agencies) {
        const response = await people.admin.post('/agencies', agency);
        if (response.statusCode !== 422) expectStatus(response, 201);
      }
      const granted = await people.admin.post('/delegations', SEKJEN_DELEGATION);
      if (granted.statusCode !== 422) expectStatus(granted, 201);
    })();
    directories.set(people.admin, recorded);
  }
  return recorded;
}

/** The MoU from draft to active (the motivating case's, or another draft between the same parties). */
export async function activeMou(people: Awaited<ReturnType<typeof cast>>, draft: object = MOU_DRAFT) {
  await recordSekjenDelegation(people);
  const { id, draftHash } = await draftMou(people, draft);
  await reviewAndOpenSigning(people, id, draftHash);
  expectStatus(
    await people.kemendesSignatory.act(id, 'sign', {
      documentHash: draftHash,
      signatoryName: 'Anwar Sanusi',
      capacity: 'DELEGATED',
      delegationRef: 'SK Menteri 12/2020',
    }),
    200,
  );
  expectStatus(await people.baritoSignatory.act(id, 'sign', { documentHash: draftHash, signatoryName: 'Hj. Noormiliyani AS' }), 200);
  expectStatus(await people.kemendesCoordinator.act(id, 'activate', { effectiveDate: '2020-03-10' }), 200);
  return { id, draftHash };
}
