import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RefusalKind } from '../../application/errors';

/** RFC 9457 body. `errors` lists field problems of a 400; other extension members may follow. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: unknown[];
  [extension: string]: unknown;
}

const PROBLEM_TYPE_BASE = 'urn:sepakat:problem:';
const RESERVED = new Set(['statusCode', 'message', 'error', 'status', 'type', 'title', 'detail']);

/**
 * The one exception filter: every error leaves as `application/problem+json`, and nothing of an
 * unexpected error (message, stack) reaches the client; it is logged instead.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const problem = this.toProblem(exception);
    if (problem.status >= 500 && !(exception instanceof HttpException)) {
      this.logger.error(`${request.method} ${request.url} failed`, (exception as Error)?.stack ?? String(exception));
    }
    if (problem.status === (HttpStatus.UNAUTHORIZED as number)) void reply.header('www-authenticate', 'Bearer realm="sepakat"');
    if ((exception as { kind?: unknown })?.kind === 'not-ready') void reply.header('retry-after', '1');
    void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
  }

  private toProblem(exception: unknown): ProblemDetails {
    const refusal = refusalProblem(exception);
    if (refusal) return refusal;
    const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
    if (!(exception instanceof HttpException) && typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // Raised by Fastify before a route ran: body too large, unparsable JSON, rate limit.
      return problemDetails(fastifyStatus, (exception as Error).message);
    }
    if (!(exception instanceof HttpException)) {
      return problem(HttpStatus.INTERNAL_SERVER_ERROR, 'internal-error', 'Internal Server Error', 'The request could not be completed.');
    }
    const status = exception.getStatus();
    const response = exception.getResponse();
    const title = titleOf(status);
    if (typeof response === 'string') return problem(status, slug(title), title, response);
    const body = response as Record<string, unknown>;
    const messages = Array.isArray(body.message) ? body.message : undefined;
    const detail =
      typeof body.detail === 'string'
        ? body.detail
        : typeof body.message === 'string'
          ? body.message
          : messages
            ? fieldProblemsDetail(messages)
            : undefined;
    const extensions = Object.fromEntries(Object.entries(body).filter(([key]) => !RESERVED.has(key)));
    return {
      ...problem(
        status,
        typeof body.type === 'string' ? body.type : slug(title),
        typeof body.title === 'string' ? body.title : title,
        detail,
      ),
      ...(messages ? { errors: messages } : {}),
      ...extensions,
    };
  }
}

/**
 * `detail` of a 400 that lists field problems (the validation pipe's, the body checks'): the first
 * one, and how many more `errors` holds, so that every problem document has a `detail`.
 */
export function fieldProblemsDetail(messages: readonly unknown[]): string | undefined {
  const [first] = messages;
  if (typeof first !== 'string') return undefined;
  return messages.length === 1 ? first : `${first} (and ${messages.length - 1} more: see errors)`;
}

/** A problem document for a status, with the standard title; for errors raised outside Nest. */
export function problemDetails(status: number, detail?: string): ProblemDetails {
  const title = titleOf(status);
  return problem(status, slug(title), title, detail);
}

/** Status of each refusal kind the application raises (`error.kind`). */
const REFUSAL_STATUS: Record<RefusalKind, number> = {
  'invalid-text': HttpStatus.BAD_REQUEST,
  'access-denied': HttpStatus.FORBIDDEN,
  'not-found': HttpStatus.NOT_FOUND,
  'unknown-action': HttpStatus.NOT_FOUND,
  'invalid-state': HttpStatus.CONFLICT,
  'precondition-failed': HttpStatus.PRECONDITION_FAILED,
  'business-rule': HttpStatus.UNPROCESSABLE_ENTITY,
  'corrupt-stream': HttpStatus.INTERNAL_SERVER_ERROR,
  'not-ready': HttpStatus.SERVICE_UNAVAILABLE,
  'projection-stuck': HttpStatus.SERVICE_UNAVAILABLE,
  'invalid-input': HttpStatus.BAD_REQUEST,
  'sign-in-link-invalid': HttpStatus.UNAUTHORIZED,
  'already-running': HttpStatus.CONFLICT,
};

/** Refusals of the domain and application, by their `kind`, with what a client can act on. */
function refusalProblem(exception: unknown): ProblemDetails | undefined {
  const error = exception as { kind?: unknown; message?: string; name?: string } & Record<string, unknown>;
  if (exception instanceof Error && exception.name === 'StreamRevisionConflictError') {
    return problemDetails(HttpStatus.CONFLICT, 'The agreement kept changing while this request was decided; try again.');
  }
  if (!(exception instanceof Error) || typeof error.kind !== 'string' || !(error.kind in REFUSAL_STATUS)) return undefined;
  const status = REFUSAL_STATUS[error.kind as RefusalKind];
  if (status >= 500 && error.kind !== 'not-ready' && error.kind !== 'projection-stuck') return undefined;
  const extensions: Record<string, unknown> = {};
  // Text the domain refused answers as a DTO's field problem does: `errors` lists it, `field` names it.
  if (error.kind === 'invalid-text') Object.assign(extensions, { errors: [exception.message], field: error.field });
  // A read model stopped on a stored event: retrying soon will not help; `projection` names it (GET /health says more).
  if (error.kind === 'projection-stuck')
    Object.assign(extensions, { type: `${PROBLEM_TYPE_BASE}projection-stuck`, projection: error.projection });
  if (error.kind === 'business-rule') extensions.rule = error.rule;
  if (error.kind === 'invalid-state') Object.assign(extensions, { action: error.action, state: error.state });
  if (error.kind === 'precondition-failed') extensions.currentRevision = Number(error.actual);
  // Listed like the validation pipe's field problems, so that every 400 reads the same way.
  if (error.kind === 'invalid-input') Object.assign(extensions, { errors: [exception.message], field: error.field });
  // Its own type: a browser app tells "ask for a new link" apart from "your token is no good".
  if (error.kind === 'sign-in-link-invalid') extensions.type = `${PROBLEM_TYPE_BASE}sign-in-link-invalid`;
  // Who holds the one whole-store verification of the process, and since when: ask them, or wait.
  if (error.kind === 'already-running')
    Object.assign(extensions, {
      type: `${PROBLEM_TYPE_BASE}store-verification-running`,
      startedBy: error.startedBy,
      startedAt: error.startedAt,
    });
  return { ...problemDetails(status, exception.message), ...extensions };
}

function problem(status: number, type: string, title: string, detail?: string): ProblemDetails {
  return { type: type.includes(':') ? type : PROBLEM_TYPE_BASE + type, title, status, ...(detail ? { detail } : {}) };
}

function titleOf(status: number): string {
  const name = HttpStatus[status];
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
