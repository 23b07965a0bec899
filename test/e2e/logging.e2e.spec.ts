import { readdirSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { MOU_DRAFT, cast, expectStatus } from '../support/agreement-scenarios';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Logs in production: one JSON object a line (pino) with the request's id, which is the caller's
 * `X-Request-Id` when it is a plain token, returned in the answer and recorded as the correlation id
 * of the events the request appended. No token, ticket or secret reaches a line.
 */
describe('structured logs and request ids', () => {
  let service: TestApp;
  const lines: string[] = [];
  let people: Awaited<ReturnType<typeof cast>>;

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    service = await startTestApp({ LOG_FORMAT: 'json', LOG_LEVEL: 'log' }, undefined, { logDestination: destination });
    people = await cast(service);
  });

  afterAll(async () => {
    await service.close();
  });

  const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

  it('keeps the caller’s X-Request-Id, returns it, logs it on the request’s lines and records it as the events’ correlation id', async () => {
    const drafted = await people.kemendesDrafter.post('/agreements', MOU_DRAFT, { headers: { 'x-request-id': 'loket-7.2026-12-02:0001' } });
    expectStatus(drafted, 201);
    expect(drafted.headers['x-request-id']).toBe('loket-7.2026-12-02:0001');

    const { id } = drafted.json<{ id: string }>();
    const history = await people.kemendesDrafter.get(`/agreements/${id}/history`);
    expect(history.json<{ items: Array<{ correlationId: string }> }>().items[0].correlationId).toBe('loket-7.2026-12-02:0001');

    const completed = logged().filter((line) => line.reqId === 'loket-7.2026-12-02:0001');
    expect(completed.map((line) => line.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
    expect(completed.find((line) => line.msg === 'request completed')).toMatchObject({
      level: 30,
      service: 'sepakat',
      res: { statusCode: 201 },
      responseTime: expect.any(Number),
    });
  });

  it('keeps the id over a real socket, where the handler runs after the body’s I/O', async () => {
    await service.app.listen(0, '127.0.0.1');
    const url = (await service.app.getUrl()).replace('[::1]', '127.0.0.1');
    const response = await fetch(`${url}/agreements`, {
      method: 'POST',
      headers: {
        authorization: people.kemendesDrafter.authorization,
        'content-type': 'application/json',
        'x-request-id': 'lewat-soket-01',
      },
      body: JSON.stringify(MOU_DRAFT),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const history = await people.kemendesDrafter.get(`/agreements/${id}/history`);
    expect(history.json<{ items: Array<{ correlationId: string }> }>().items[0].correlationId).toBe('lewat-soket-01');
  });

  it('makes an id when the caller sent none or one that is not a plain token', async () => {
    const none = await people.kemendesDrafter.get('/me');
    const odd = await people.kemendesDrafter.get('/me', { headers: { 'x-request-id': 'two words\u202e' } });

    for (const response of [none, odd])
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(none.headers['x-request-id']).not.toBe(odd.headers['x-request-id']);
    expect(lines.join('\n')).not.toContain('two words');
  });

  it('writes only JSON lines, with no token, ticket or secret in any of them', async () => {
    const ticket = await people.kemendesDrafter.post('/events/tickets');
    expectStatus(ticket, 201);
    const { ticket: secretTicket } = ticket.json<{ ticket: string }>();
    // A ticket in a URL (as EventSource sends it), here one that is refused: the line shows the URL without it.
    const refused = await service.app.inject({ method: 'GET', url: `/events?ticket=${secretTicket}x` });
    expect(refused.statusCode).toBe(401);
    const signIn = await service.app.inject({ method: 'POST', url: '/auth/sign-in-links/exchange', payload: { code: 'A'.repeat(43) } });
    expect(signIn.statusCode).toBe(401);

    const all = logged();
    expect(all.length).toBeGreaterThan(6);
    const text = lines.join('\n');
    const token = people.kemendesDrafter.authorization.replace(/^Bearer /, '');
    const secretFile = readdirSync(service.directory.path).find((file) => /secret/.test(file));
    const secret = secretFile ? readFileSync(`${service.directory.path}/${secretFile}`, 'utf8').trim() : undefined;
    expect(text).not.toContain(token);
    expect(text).not.toContain(secretTicket);
    expect(text).not.toContain('A'.repeat(43));
    if (secret) expect(text).not.toContain(secret);
    expect(
      all.some((line) => typeof line.req === 'object' && String((line.req as { url: string }).url).includes('ticket=[redacted]')),
    ).toBe(true);
  });
});
