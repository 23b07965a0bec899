import { problemDetails } from '../../src/api/problem-details/problem-details.filter';
import { PROBLEM_TYPES, problemSlug } from '../../src/api/problem-details/problem-types';
import { MOU_DRAFT, cast, draftMou, expectStatus, sha256 } from '../support/agreement-scenarios';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Every problem `type` the API answers with is documented at `GET /problems`, one section per kind
 * with its slug as the anchor (`urn:sepakat:problem:not-found` → `/problems#not-found`).
 */
describe('GET /problems', () => {
  let service: TestApp;
  let people: Awaited<ReturnType<typeof cast>>;
  let page: string;

  beforeAll(async () => {
    service = await startTestApp({ HTTP_BODY_LIMIT_BYTES: '2048' });
    people = await cast(service);
    page = (await service.app.inject({ method: 'GET', url: '/problems' })).body;
  });

  afterAll(async () => {
    await service.close();
  });

  const documented = (type: unknown): boolean => {
    const slug = typeof type === 'string' ? problemSlug(type) : undefined;
    return slug !== undefined && page.includes(`<section id="${slug}">`);
  };

  it('is an HTML page for anyone, with a section for every kind of problem', async () => {
    const response = await service.app.inject({ method: 'GET', url: '/problems' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    for (const type of PROBLEM_TYPES) {
      expect(page).toContain(
        `<section id="${type.slug}">\n<h2><code>urn:sepakat:problem:${type.slug}</code></h2>\n<p><strong>${type.status} `,
      );
    }
    expect(new Set(PROBLEM_TYPES.map((type) => type.slug)).size).toBe(PROBLEM_TYPES.length);
    expect(page).not.toContain('`');
  });

  it('documents the type the service gives every status it answers with', () => {
    for (const status of [400, 401, 403, 404, 409, 412, 413, 414, 415, 422, 429, 503]) {
      expect([status, documented(problemDetails(status).type)]).toEqual([status, true]);
    }
    expect(documented('urn:sepakat:problem:no-such-kind')).toBe(false);
    expect(documented('https://example.org/not-ours')).toBe(false);
  });

  it('documents the type of each refusal a client meets', async () => {
    const { id, draftHash } = await draftMou(people);
    const answers = {
      'bad-request': await people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, title: 42 }),
      unauthorized: await service.app.inject({ method: 'GET', url: '/agreements' }),
      'sign-in-link-invalid': await service.app.inject({
        method: 'POST',
        url: '/auth/sign-in-links/exchange',
        payload: { code: 'A'.repeat(43) },
      }),
      forbidden: await people.kemendesReviewer.act(id, 'submit-for-review'),
      'not-found': await people.kemendesDrafter.get('/agreements/3b0f8d0e-6d1e-4c5e-9d8e-1f2a3b4c5d6e'),
      conflict: await people.kemendesCoordinator.act(id, 'open-signing'),
      'precondition-failed': await people.kemendesDrafter.act(id, 'submit-for-review', {}, { headers: { 'if-match': '"0"' } }),
      'payload-too-large': await people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, title: 'x'.repeat(4096) }),
      'uri-too-long': await people.kemendesDrafter.get(`/agreements/${'a'.repeat(120)}`),
      'unsupported-media-type': await service.app.inject({
        method: 'POST',
        url: '/agreements',
        headers: { authorization: people.kemendesDrafter.authorization, 'content-type': 'text/plain' },
        payload: 'a draft',
      }),
    };
    expectStatus(await people.kemendesDrafter.act(id, 'submit-for-review'), 200);
    const unprocessable = await people.kemendesReviewer.act(id, 'approve-review', { documentHash: sha256(`not ${draftHash}`) });

    for (const [slug, answer] of Object.entries({ ...answers, 'unprocessable-entity': unprocessable })) {
      const problem = answer.json<{ type: string }>();
      expect([slug, answer.headers['content-type'], problem.type]).toEqual([
        slug,
        'application/problem+json; charset=utf-8',
        `urn:sepakat:problem:${slug}`,
      ]);
      expect(documented(problem.type)).toBe(true);
    }
  });
});
