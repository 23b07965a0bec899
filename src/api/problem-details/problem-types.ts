/**
 * Every kind of problem the API answers with, as documented at `GET /problems` (one section per
 * kind, its slug as the anchor). A problem's `type` is `urn:sepakat:problem:<slug>`: a name that
 * clients match on, kept stable (ARCHITECTURE.md: the contract is extended, never broken), and
 * resolved by that page: `urn:sepakat:problem:not-found` is described at `/problems#not-found`.
 */
export interface ProblemType {
  readonly slug: string;
  readonly status: number;
  readonly title: string;
  /** When the service answers with it. */
  readonly when: string;
  /** What the caller can do about it; and the extension members it may rely on. */
  readonly then: string;
}

export const PROBLEM_TYPE_PREFIX = 'urn:sepakat:problem:';

export const PROBLEM_TYPES: readonly ProblemType[] = [
  {
    slug: 'bad-request',
    status: 400,
    title: 'Bad Request',
    when: 'The request cannot be read as sent: a field of the wrong type, an unknown or missing field, text the service does not store (control characters, overlong values), JSON that does not parse or nests too deep, a malformed cursor or query parameter.',
    then: 'Correct the request; `errors` lists every field problem and `field` names the field when there is one. Sending it again unchanged will fail again. Nothing was recorded.',
  },
  {
    slug: 'unauthorized',
    status: 401,
    title: 'Unauthorized',
    when: 'No `Authorization: Bearer` token, or one that is malformed, expired, not yet valid, signed by an unknown key or for another audience; or a live-feed ticket that is unknown, expired or used.',
    then: 'Sign in again (or ask for a new ticket) and repeat the request. The answer carries `WWW-Authenticate: Bearer`.',
  },
  {
    slug: 'sign-in-link-invalid',
    status: 401,
    title: 'Unauthorized',
    when: 'A sign-in link was exchanged that is unknown, already used, or older than ten minutes.',
    then: 'Ask an administrator for a new link: a link works once.',
  },
  {
    slug: 'forbidden',
    status: 403,
    title: 'Forbidden',
    when: 'The official is known but may not do this: a role the step does not accept, an agency that is not the party whose turn it is, an auditor asking to change something.',
    then: 'Someone else must act; `detail` says who may. Nothing was recorded.',
  },
  {
    slug: 'not-found',
    status: 404,
    title: 'Not Found',
    when: 'No such route, agreement, workflow version, action or record, or one the official may not see: an agreement of other agencies answers as if it did not exist, so that its existence does not leak.',
    then: 'Check the id or the action name (`availableActions` of the agreement lists what the caller may do).',
  },
  {
    slug: 'conflict',
    status: 409,
    title: 'Conflict',
    when: 'The action is not possible in the agreement’s present state (`action` and `state` say which), or the agreement kept changing while the request was decided (five writers in a row won the race).',
    then: 'Read the agreement again and choose from its `availableActions`; after a race, send the request again.',
  },
  {
    slug: 'store-verification-running',
    status: 409,
    title: 'Conflict',
    when: 'A whole-store verification was asked for while one is already running in this process.',
    then: '`startedBy` and `startedAt` name the run under way: wait for it to finish, or ask whoever started it for its result.',
  },
  {
    slug: 'precondition-failed',
    status: 412,
    title: 'Precondition Failed',
    when: '`If-Match` named a revision the agreement has moved past: someone acted on it since the caller read it.',
    then: 'Read the agreement again (`currentRevision` says where it stands), check that the action still makes sense, and send it with the new ETag. Nothing was recorded.',
  },
  {
    slug: 'payload-too-large',
    status: 413,
    title: 'Payload Too Large',
    when: 'The body is larger than the service takes (`HTTP_BODY_LIMIT_BYTES`, 64 KiB by default).',
    then: 'Send less: documents are referenced by their SHA-256, never uploaded.',
  },
  {
    slug: 'uri-too-long',
    status: 414,
    title: 'URI Too Long',
    when: 'A path segment is longer than the router takes (100 characters).',
    then: 'Ids are UUIDs; check how the URL was built.',
  },
  {
    slug: 'unsupported-media-type',
    status: 415,
    title: 'Unsupported Media Type',
    when: 'A body was sent as something other than `application/json`.',
    then: 'Send the body as JSON with `Content-Type: application/json`.',
  },
  {
    slug: 'unprocessable-entity',
    status: 422,
    title: 'Unprocessable Entity',
    when: 'The request is well formed and allowed, but a rule of the workflow refuses it: a clearance or signature of another document than the one under review, an end date before the start date, a parent MoU not in force, an `Idempotency-Key` reused with another body. `rule` names the rule.',
    then: '`detail` says what the rule needs, in words an official can act on. Nothing was recorded.',
  },
  {
    slug: 'too-many-requests',
    status: 429,
    title: 'Too Many Requests',
    when: 'More requests in a minute than `AUTH_RATE_LIMIT_PER_MINUTE` allows, counted per official (per address before a token is checked).',
    then: 'Wait for `Retry-After` seconds, then continue.',
  },
  {
    slug: 'internal-error',
    status: 500,
    title: 'Internal Server Error',
    when: 'The service failed in a way it did not expect. The answer says nothing more; the log has the details under the request’s `X-Request-Id`.',
    then: 'Tell the operator the `X-Request-Id` of the answer. A command may or may not have been recorded: read the agreement before trying again, or repeat it with the same `Idempotency-Key`.',
  },
  {
    slug: 'service-unavailable',
    status: 503,
    title: 'Service Unavailable',
    when: 'The event store does not answer, or a read with `minPosition` waited longer than its bound for the read model to catch up.',
    then: 'Try again shortly (`Retry-After` says when, if it is there); a command was not recorded unless a later read shows it.',
  },
  {
    slug: 'projection-stuck',
    status: 503,
    title: 'Service Unavailable',
    when: 'A read model stopped on a stored event it cannot apply; `projection` names it. Every event is still safe in the store.',
    then: 'Retrying soon will not help: tell the operator (`GET /health` shows the event; the README says how to recover).',
  },
];

/** The slug of a problem `type` of this service; undefined for any other URI. */
export function problemSlug(type: string): string | undefined {
  return type.startsWith(PROBLEM_TYPE_PREFIX) ? type.slice(PROBLEM_TYPE_PREFIX.length) : undefined;
}
