import createClient, { type Middleware } from 'openapi-fetch';
import { language } from '../i18n/i18n';
import { currentToken, sessionEnded } from '../auth/session';
import type { components, paths } from './openapi';

export type Schemas = components['schemas'];

/** A refusal of the API (RFC 9457 problem details), or a network failure (status 0). */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status: number;
  readonly detail?: string;
  readonly rule?: string;
  readonly errors?: readonly unknown[];
  readonly currentRevision?: number;
}

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

/** Every request carries the session's token and the official's language; a 401 ends the session. */
const session: Middleware = {
  onRequest({ request }) {
    const token = currentToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    request.headers.set('accept-language', language());
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && request.headers.has('authorization')) sessionEnded('expired');
    return response;
  },
};

/** The API client: paths, parameters and bodies typed from the service's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(session);

/**
 * The data of a call, or an {@link ApiProblem}: the pages show every refusal with its rule instead
 * of handling `{ data, error }` each time.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiProblem({ status: 0 });
  }
  if (result.response.ok) return result.data as T;
  const body = (result.error ?? {}) as Partial<Problem>;
  throw new ApiProblem({ ...body, status: result.response.status });
}
