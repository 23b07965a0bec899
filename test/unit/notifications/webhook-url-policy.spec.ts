import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAllowedAddress, WebhookUrlPolicy } from '../../../src/infrastructure/notifications/webhook-url-policy';
import { retryDelayMs } from '../../../src/infrastructure/notifications/delivery-worker';
import { WebhookSender, webhookSignature } from '../../../src/infrastructure/notifications/webhook-sender';

/** Names resolved as a test says: public ones, and ones that point inside (or rebind). */
const NAMES: Record<string, string[]> = {
  'arsip.kemendesa.go.id': ['103.10.20.30'],
  'inside.example.org': ['10.20.30.40'],
  'mixed.example.org': ['103.10.20.30', '192.168.1.5'],
  'v6-inside.example.org': ['fd00::5'],
  'metadata.example.org': ['169.254.169.254'],
};
const lookup = async (hostname: string) => NAMES[hostname] ?? [];

describe('where a webhook may point', () => {
  const policy = new WebhookUrlPolicy({ allowLoopback: false, lookup });

  it.each([
    ['https://arsip.kemendesa.go.id/sepakat/webhook', 'https://arsip.kemendesa.go.id/sepakat/webhook'],
    ['https://103.10.20.30:8443/hook?x=1', 'https://103.10.20.30:8443/hook?x=1'],
    ['https://arsip.kemendesa.go.id/hook#fragment', 'https://arsip.kemendesa.go.id/hook'],
    // A name that does not resolve yet is kept: its deliveries will say why they fail.
    ['https://not-yet.example.org/hook', 'https://not-yet.example.org/hook'],
  ])('keeps %s', async (url, kept) => {
    await expect(policy.check(url)).resolves.toBe(kept);
  });

  it.each([
    ['http://arsip.kemendesa.go.id/hook', /must use https/],
    ['ftp://arsip.kemendesa.go.id/hook', /must use https/],
    ['https://user:pass@arsip.kemendesa.go.id/hook', /user name or password/],
    ['https://127.0.0.1/hook', /this machine/],
    ['https://localhost/hook', /this machine/],
    ['https://api.localhost/hook', /this machine/],
    ['https://[::1]/hook', /this machine/],
    ['https://10.0.0.1/hook', /private/],
    ['https://172.16.5.4/hook', /private/],
    ['https://192.168.0.1/hook', /private/],
    ['https://100.64.0.1/hook', /private/],
    ['https://169.254.169.254/latest/meta-data', /private/],
    ['https://0.0.0.0/hook', /private/],
    ['https://224.0.0.1/hook', /private/],
    ['https://[fd00::1]/hook', /private/],
    ['https://[fe80::1]/hook', /private/],
    ['https://[::ffff:10.0.0.1]/hook', /private/],
    ['https://[::ffff:7f00:1]/hook', /private|this machine/],
    ['https://inside.example.org/hook', /inside\.example\.org resolves to one\)$/],
    ['https://mixed.example.org/hook', /mixed\.example\.org resolves to one/],
    ['https://v6-inside.example.org/hook', /resolves to one/],
    ['https://metadata.example.org/hook', /resolves to one/],
    ['https://[::a00:1]/hook', /private/],
    ['https://[64:ff9b:1::a00:1]/hook', /private/],
    ['https://[fec0::1]/hook', /private/],
    ['https://[2002:a00:1::1]/hook', /private/],
    ['not a url', /absolute URL/],
    [`https://arsip.kemendesa.go.id/${'a'.repeat(2100)}`, /at most 2048/],
  ])('refuses %s', async (url, reason) => {
    await expect(policy.check(url)).rejects.toMatchObject({ kind: 'invalid-input', field: 'url', message: expect.stringMatching(reason) });
  });

  it('allows plain http to loopback only when the deployment says so, and never elsewhere', async () => {
    const tests = new WebhookUrlPolicy({ allowLoopback: true, lookup });
    await expect(tests.check('http://127.0.0.1:8080/hook')).resolves.toBe('http://127.0.0.1:8080/hook');
    await expect(tests.check('http://localhost:8080/hook')).resolves.toBe('http://localhost:8080/hook');
    await expect(tests.check('http://arsip.kemendesa.go.id/hook')).rejects.toThrow(/https/);
    await expect(tests.check('https://10.0.0.1/hook')).rejects.toThrow(/private/);
    expect(isAllowedAddress('127.0.0.1', true)).toBe(true);
    expect(isAllowedAddress('127.0.0.1', false)).toBe(false);
    expect(isAllowedAddress('::ffff:127.0.0.1', true)).toBe(true);
    expect(isAllowedAddress('10.0.0.1', true)).toBe(false);
  });

  it('refuses, as the connection is made, a name that resolves inside after the webhook was kept (DNS rebinding)', async () => {
    const names: Record<string, string[]> = { 'rebind.example.org': ['103.10.20.30'] };
    const rebinding = new WebhookUrlPolicy({ allowLoopback: false, lookup: async (host) => names[host] ?? [] });
    await expect(rebinding.check('https://rebind.example.org/hook')).resolves.toBe('https://rebind.example.org/hook');
    names['rebind.example.org'] = ['127.0.0.1'];
    const sender = new WebhookSender(rebinding, { timeoutMs: 2_000 });
    try {
      const result = await sender.send('https://rebind.example.org/hook', 'whsec_x', {
        id: 'd1',
        eventType: 'AgreementDrafted',
        body: '{}',
      });
      expect(result).toEqual({
        ok: false,
        status: null,
        error: 'rebind.example.org resolves to a private, loopback or reserved address: refused',
      });
    } finally {
      sender.close();
    }
  });
});

describe('a webhook attempt', () => {
  let server: Server;
  let port: number;
  const bodies: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString());
        if (request.url === '/big') {
          // An answer far larger than anything the sender keeps.
          response.writeHead(500);
          response.end('x'.repeat(5_000_000));
        } else if (request.url === '/to-ok') {
          response.writeHead(308, { location: '/ok' }).end();
        } else if (request.url === '/loop') {
          response.writeHead(307, { location: '/loop' }).end();
        } else {
          response.writeHead(202).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const sender = () => new WebhookSender(new WebhookUrlPolicy({ allowLoopback: true }), { timeoutMs: 2_000 });

  it('reads back at most a little of what a receiver answers', async () => {
    const webhooks = sender();
    try {
      const result = await webhooks.send(`http://127.0.0.1:${port}/big`, 's', { id: 'd', eventType: 'T', body: '{"a":1}' });
      expect(result).toMatchObject({ ok: false, status: 500 });
      expect((result as { error: string }).error.length).toBeLessThanOrEqual(220);
    } finally {
      webhooks.close();
    }
  });

  it('follows a permanent redirect with the same body, and gives up on a redirect loop', async () => {
    const webhooks = sender();
    try {
      bodies.length = 0;
      expect(await webhooks.send(`http://127.0.0.1:${port}/to-ok`, 's', { id: 'd', eventType: 'T', body: '{"b":2}' })).toEqual({
        ok: true,
        status: 202,
      });
      expect(bodies).toEqual(['{"b":2}', '{"b":2}']);
      expect(await webhooks.send(`http://127.0.0.1:${port}/loop`, 's', { id: 'd', eventType: 'T', body: '{}' })).toEqual({
        ok: false,
        status: 307,
        error: 'more than 3 redirects',
      });
    } finally {
      webhooks.close();
    }
  });

  it('signs `<timestamp>.<body>` with HMAC-SHA256 (the README’s worked example, computed independently)', () => {
    expect(webhookSignature('whsec_example', 1735664400, '{"type":"Expired"}')).toBe(
      '1bdcd381dc04130ae65b1571f88e5f7b563c62d5e46c3589eedbeeb957da0be3',
    );
    expect(webhookSignature('whsec_example', 1735664401, '{"type":"Expired"}')).not.toBe(
      webhookSignature('whsec_example', 1735664400, '{"type":"Expired"}'),
    );
  });
});

describe('retries', () => {
  const options = { retryBaseMs: 30_000, retryMaxMs: 3_600_000 };

  it('wait twice as long each time, up to the cap, less up to half at random', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, options, () => 1))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20, options, () => 1)).toBe(3_600_000);
    expect(retryDelayMs(1, options, () => 0)).toBe(15_000);
    const spread = new Set(Array.from({ length: 50 }, () => retryDelayMs(3, options)));
    expect(spread.size).toBeGreaterThan(10);
    for (const delay of spread) expect(delay).toBeGreaterThanOrEqual(60_000);
  });
});
