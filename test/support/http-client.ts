import type { LightMyRequestResponse } from 'fastify';
import { EVENT_STORE, type EventStore } from '../../src/application/ports/event-store.port';
import { collect } from './async';
import type { TestApp } from './test-app';
import { tokenFor, type Official } from './tokens';

export interface CallOptions {
  readonly headers?: Record<string, string>;
}

/** An official talking to the service over HTTP (`app.inject`), with a token minted for them. */
export class Caller {
  constructor(
    private readonly service: TestApp,
    private readonly token: string,
  ) {}

  /** The `Authorization` header this caller sends. */
  get authorization(): string {
    return `Bearer ${this.token}`;
  }

  get(url: string, options: CallOptions = {}): Promise<LightMyRequestResponse> {
    return this.service.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${this.token}`, ...options.headers } });
  }

  post(url: string, body?: unknown, options: CallOptions = {}): Promise<LightMyRequestResponse> {
    return this.service.app.inject({
      method: 'POST',
      url,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  }

  put(url: string, body: unknown, options: CallOptions = {}): Promise<LightMyRequestResponse> {
    return this.service.app.inject({
      method: 'PUT',
      url,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', ...options.headers },
      payload: JSON.stringify(body),
    });
  }

  /** `POST /agreements/:id/actions/:action`. */
  act(id: string, action: string, body: unknown = {}, options: CallOptions = {}): Promise<LightMyRequestResponse> {
    return this.post(`/agreements/${id}/actions/${action}`, body, options);
  }
}

export async function callerFor(service: TestApp, official: Official): Promise<Caller> {
  return new Caller(service, await tokenFor(service.config, official));
}

/** How many events the service's store holds: refusals must leave it unchanged. */
export async function storedEventCount(service: TestApp): Promise<number> {
  const store = service.app.get<EventStore>(EVENT_STORE);
  return (await collect(store.readAll())).length;
}

/**
 * Runs a request that must be refused: asserts its status, a problem document without a stack,
 * and an event log left as it was. Returns the problem.
 */
export async function refusedWithNothingAppended(
  service: TestApp,
  request: () => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>,
  status: number,
): Promise<Record<string, unknown>> {
  const before = await storedEventCount(service);
  const response = await request();
  if (response.statusCode !== status) throw new Error(`Expected HTTP ${status}, got ${response.statusCode}: ${response.body}`);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(response.body) as Record<string, unknown>;
  expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  expect(response.body).not.toMatch(/at .*\.(ts|js):\d+/);
  expect(await storedEventCount(service)).toBe(before);
  return problem;
}
