/**
 * `npm run demo`: the motivating case of DOMAIN.md played through the HTTP API, step by step.
 *
 * On 10 March 2020 at BLM Banjarmasin, Kemendes PDTT and Pemkab Barito Kuala sign an MoU on model
 * villages; its locations (Anjir Pasar, KTM Cahaya Baru) are fixed afterwards by both parties; and
 * Balilatfo signs two PKS under it with the regency's Dinas PMD and Dinas Nakertrans. It plays on
 * workflow version 2: the agencies and delegations of scripts/seed-case/directory.json are recorded
 * first, Barito Kuala's DPRD approves before signing opens, the Sekjen signs under the Minister's
 * recorded delegation, Balilatfo drafts as a unit of Kemendes PDTT, and each Kepala Dinas signs
 * under the Bupati's recorded surat kuasa.
 *
 *   npm run demo                               start a service on a fresh data folder and play
 *   npm run demo -- --url http://127.0.0.1:3000 play against a running service (same DATA_DIR or
 *                                              AUTH_JWT_SECRET, so the minted tokens are accepted)
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../src/bootstrap';
import { resolveEmbeddedSecret } from '../src/infrastructure/auth/embedded-secret';
import { mintEmbeddedToken } from '../src/infrastructure/auth/token-minter';
import { loadConfig, type AppConfig } from '../src/infrastructure/config/app-config';
import { SEED_CASE_MOU_DRAFT, SEED_CASE_MOU_STEPS, seedCaseDirectory } from './seed-case/mou';
import { BALILATFO, DINAS_NAKERTRANS, DINAS_PMD, SEED_CASE_OFFICIALS, type Person } from './seed-case/officials';

const people = SEED_CASE_OFFICIALS;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const out = (line: string) => process.stdout.write(`${line}\n`);

/** A reply's body; the fields the demo prints are typed as the API sends them (an agreement's state, a problem's title, a new record's id). */
type Reply = Record<string, unknown> & { readonly state?: string; readonly title?: string; readonly id?: string };

class DemoClient {
  private readonly tokens = new Map<string, string>();
  private step = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly config: AppConfig,
  ) {}

  private async token(person: Person): Promise<string> {
    let token = this.tokens.get(person.sub);
    if (!token) {
      if (this.config.auth.mode !== 'embedded') throw new Error('The demo mints tokens with the embedded secret; unset AUTH_OIDC_ISSUER');
      token = await mintEmbeddedToken(resolveEmbeddedSecret(this.config.auth.secret, this.config.dataDir), this.config.auth.claims, {
        ...person,
        expiresIn: '1h',
      });
      this.tokens.set(person.sub, token);
    }
    return token;
  }

  /** Sends one request as `person`, prints the step, and fails loudly on anything but `expected`. */
  async call(
    person: Person,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    what: string,
    expected = method === 'POST' && ['/agreements', '/agencies', '/delegations'].includes(path) ? 201 : 200,
  ) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.token(person)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as Reply;
    this.step += 1;
    const verdict =
      json.valid === undefined
        ? undefined
        : json.valid
          ? `valid, ${String(json.checkedEvents)} events checked`
          : `INVALID at revision ${JSON.stringify(json.firstInvalid)}`;
    const outcome = json.state ? `${String(json.state)} (rev ${String(json.revision)})` : String(verdict ?? json.title ?? json.id ?? '');
    out(`${String(this.step).padStart(3)}. ${person.name} — ${what}: ${response.status} ${outcome}`);
    if (response.status !== expected) throw new Error(`Expected ${expected}: ${JSON.stringify(json)}`);
    return json;
  }

  act(person: Person, id: string, action: string, body: unknown, what: string) {
    return this.call(person, 'POST', `/agreements/${id}/actions/${action}`, body, what);
  }
}

/** The seed case's agencies and delegations, recorded by an administrator. */
async function recordDirectory(client: DemoClient): Promise<void> {
  out('\n== The directory: agencies, their units and time zones, and the letters of delegation ==');
  // The case is of 2020; the demo signs today, so each letter is recorded as valid until next year's end.
  const seed = seedCaseDirectory();
  for (const agency of seed.agencies) await client.call(people.admin, 'POST', '/agencies', agency, `registers ${agency.name}`);
  for (const delegation of seed.delegations) {
    await client.call(
      people.admin,
      'POST',
      '/delegations',
      delegation,
      `records the delegation ${delegation.referenceNumber} (valid until ${delegation.validUntil})`,
    );
  }
}

async function playMou(client: DemoClient): Promise<string> {
  out('\n== Nota Kesepahaman: Kemendes PDTT – Pemkab Barito Kuala, desa percontohan ==');
  const mou = await client.call(
    people.blm,
    'POST',
    '/agreements',
    SEED_CASE_MOU_DRAFT,
    "drafts the MoU (Barito Kuala's budget is burdened: its DPRD must approve)",
  );
  const id = String(mou.id);
  for (const step of SEED_CASE_MOU_STEPS) await client.act(people[step.by], id, step.action, step.body, step.what);
  return id;
}

async function playPks(
  client: DemoClient,
  mouId: string,
  partner: { agency: string; name: string; review: Person; head: Person; delegationId: string },
  title: string,
) {
  out(`\n== PKS: Balilatfo – ${partner.name} ==`);
  const pks = await client.call(
    people.balilatfo,
    'POST',
    '/agreements',
    {
      kind: 'PERJANJIAN_KERJA_SAMA',
      title,
      parentId: mouId,
      parties: [
        { agencyId: BALILATFO, name: 'Badan Penelitian dan Pengembangan, Pendidikan dan Pelatihan, dan Informasi', role: 'PIHAK_KESATU' },
        { agencyId: partner.agency, name: partner.name, role: 'PIHAK_KEDUA' },
      ],
      term: { startDate: '2020-03-10', endDate: '2024-12-31', noticePeriodDays: 60 },
    },
    'drafts the PKS under the MoU, as a unit of Kemendes PDTT',
  );
  const id = String(pks.id);
  const draft = sha256(`Naskah ${title}`);
  await client.act(people.balilatfo, id, 'attach-document', { type: 'DRAFT', sha256: draft, name: 'naskah-pks.pdf' }, 'attaches the draft');
  await client.act(people.balilatfo, id, 'submit-for-review', {}, 'submits it (the parent MoU is active)');
  for (const reviewer of [people.balilatfoReview, partner.review]) {
    await client.act(reviewer, id, 'approve-review', { documentHash: draft }, 'clears it technically');
    await client.act(reviewer, id, 'approve-review', { documentHash: draft }, 'gives legal clearance');
  }
  await client.act(people.balilatfo, id, 'open-signing', {}, 'opens signing');
  await client.act(people.kaBalilatfo, id, 'sign', { documentHash: draft, signatoryName: 'Kepala Balilatfo' }, 'signs for Balilatfo');
  await client.act(
    partner.head,
    id,
    'sign',
    { documentHash: draft, signatoryName: partner.head.name, capacity: 'DELEGATED', delegationId: partner.delegationId },
    'signs under the recorded surat kuasa of the Bupati',
  );
  await client.act(people.balilatfo, id, 'activate', { effectiveDate: '2020-03-10' }, 'puts it in force');
  return id;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { url: { type: 'string' } } });
  let baseUrl = values.url?.replace(/\/$/, '');
  let stop: (() => Promise<void>) | undefined;
  let config = loadConfig(process.env);
  if (!baseUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'sepakat-demo-'));
    config = loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', AUTH_JWT_SECRET: '', AUTH_OIDC_ISSUER: '' });
    const app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    baseUrl = baseUrl.replace('[::1]', '127.0.0.1');
    out(`Started sepakat at ${baseUrl} with a fresh data folder ${dataDir}`);
    stop = async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  try {
    const client = new DemoClient(baseUrl, config);
    await recordDirectory(client);
    const mouId = await playMou(client);
    const pmd = await playPks(
      client,
      mouId,
      {
        agency: DINAS_PMD,
        name: 'Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Barito Kuala',
        review: people.pmdReview,
        head: people.kadisPmd,
        delegationId: 'sk-bupati-180-12-2020',
      },
      'Pendampingan Desa Percontohan',
    );
    const naker = await playPks(
      client,
      mouId,
      {
        agency: DINAS_NAKERTRANS,
        name: 'Dinas Tenaga Kerja dan Transmigrasi Kabupaten Barito Kuala',
        review: people.nakerReview,
        head: people.kadisNaker,
        delegationId: 'sk-bupati-180-13-2020',
      },
      'Pengembangan KTM Cahaya Baru',
    );

    out('\n== What an auditor replays from the log ==');
    for (const [label, id] of [
      ['MoU', mouId],
      ['PKS Dinas PMD', pmd],
      ['PKS Dinas Nakertrans', naker],
    ] as const) {
      const view = await client.call(people.itjen, 'GET', `/agreements/${id}/state`, undefined, `replays the ${label}`);
      const agreement = view.agreement as { fixedLocations?: Array<{ district: string; area?: string }> };
      if (agreement.fixedLocations) out(`       locations fixed: ${agreement.fixedLocations.map((l) => l.area ?? l.district).join(', ')}`);
      await client.call(
        people.itjen,
        'GET',
        `/agreements/${id}/verify`,
        undefined,
        `verifies the ${label}'s hash chain, transitions, rights and delegations`,
      );
    }
    out('\nThe motivating case completed.');
  } finally {
    await stop?.();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${(error as Error).message}\n`);
  process.exit(1);
});
