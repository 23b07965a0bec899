import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemDetailsDto } from './problem-details.dto';

/** What each refusal status means on this API; a route lists those it can answer. */
const PROBLEMS = {
  400: 'Invalid request: a field of the query, the path or the body (`errors`, `field`)',
  401: 'No valid bearer token (`WWW-Authenticate: Bearer`)',
  403: 'The caller may not: the token names no role of this service, or the caller’s roles or agency do not allow the step',
  404: 'No such resource, or none the caller may see',
  409: 'The agreement’s state does not offer the action (`action`, `state`), or the record kept changing while the request was decided: reload and retry',
  412: '`If-Match` names a revision the agreement has moved past (`currentRevision`): reload it',
  413: 'The body is larger than the service takes',
  415: 'The body is not `application/json`',
  422: 'A business rule refused the request (`rule`), or an `Idempotency-Key` was reused with another body',
  429: 'Too many requests from this client; retry later',
  503: 'Not now (`Retry-After`): the read model has not reached `minPosition` yet or its projection is stuck (`projection`), or tokens cannot be verified right now',
} as const;

export type ProblemStatus = keyof typeof PROBLEMS;

/**
 * Documents the refusals a route can answer, each as a {@link ProblemDetailsDto} in
 * `application/problem+json`, as the exception filter sends them: `@ApiProblems(400, 401, 404)`.
 */
export function ApiProblems(...statuses: ProblemStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiProblem(status, PROBLEMS[status])));
}

/** One refusal a route answers in its own words (its 409 means something else than an agreement's state). */
export function ApiProblem(status: ProblemStatus, description: string): MethodDecorator & ClassDecorator {
  const content = { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } };
  return applyDecorators(ApiExtraModels(ProblemDetailsDto), ApiResponse({ status, description, content }));
}
