import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { ACTION_BODIES, EmptyBody } from '../../src/api/agreements/dto/action-bodies.dto';
import { DraftAgreementDto } from '../../src/api/agreements/dto/draft-agreement.dto';
import { AgencyChangeDto, AgencyDto, DelegationDto, RevocationDto } from '../../src/api/directory/directory.dto';
import { EmailRecipientDto, WebhookDto } from '../../src/api/notifications/notifications.dto';
import { IS_PUBLIC } from '../../src/api/auth/public.decorator';
import { JSON_BODY_LIMITS } from '../../src/api/http/json-body';
import { createValidationPipe } from '../../src/api/validation/validation-options';
import { AGREEMENT_STREAM_PREFIX } from '../../src/application/agreements/agreement-stream';
import { AUDIT_READS_STREAM } from '../../src/application/audit/audit-log';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../../src/application/ports/event-store.port';
import { activeMou, cast, draftMou, expectStatus, LOCATIONS, MOU_DRAFT, SEKJEN_DELEGATION, sha256 } from '../support/agreement-scenarios';
import { BARITO_KUALA, KEMENDES, officials } from '../support/domain/officials';
import { startTestApp, TEST_EVENT_STORE_VARIABLE, type TestApp } from '../support/test-app';
import { secretOf, tokenFor } from '../support/tokens';

/**
 * Issue 13, item 4: properties of every route of the service, checked with fast-check on generated
 * requests sent in process (`app.inject`).
 *
 * - Input that is invalid by construction (a request the route accepts, with one thing made wrong:
 *   a field of the body replaced by a value of the wrong type or by hostile text, an unknown or a
 *   prototype field added, a required one removed, the wrong content type, broken or too deep
 *   JSON, a body near or over the limit, a garbage token, a garbage If-Match, Idempotency-Key or
 *   Last-Event-ID, a query parameter that is unknown or written wrong, a path naming nothing, a
 *   method the path does not have) gets the 4xx problem document that names its kind, and the event
 *   log is left exactly as it was: no command, and no audit record of a read either.
 * - Any garbage at all (method, path, query, headers and body each either taken from a valid
 *   request or generated; Accept-Language too, which no value makes a route refuse) never gets a
 *   5xx or a stack trace; a 4xx is a problem document and appends nothing; whatever a 2xx appends
 *   is what it accounts for: one audit record of a read, or the events of the command it answers
 *   for, in that agreement's stream.
 *
 * The routes come from the application itself (Nest's router metadata), so a new route without a
 * generator here fails the first test; each must also be in the OpenAPI document, whose
 * parameters, headers and body schemas drive the mutations. Runs are fixed and seeded; a failure
 * prints fast-check's seed and path. Replay one with PROPERTY_SEED=<seed> (and PROPERTY_RUNS=<n> to
 * search longer), e.g. `PROPERTY_SEED=42 PROPERTY_RUNS=2000 npx jest test/e2e/property-based-input`.
 */

const SEED = Number(process.env.PROPERTY_SEED ?? 20_130_413);
/**
 * Runs of each property in `npm test`, bounded so that the file takes under 20 s on two busy cores.
 * On EventStoreDB (Jest project `eventstoredb`) every check of the log is a gRPC read: fewer runs.
 */
const ON_EVENTSTOREDB = process.env[TEST_EVENT_STORE_VARIABLE] === 'eventstoredb';
const REFUSAL_RUNS = Number(process.env.PROPERTY_RUNS ?? (ON_EVENTSTOREDB ? 200 : 500));
const GARBAGE_RUNS = Number(process.env.PROPERTY_RUNS ?? (ON_EVENTSTOREDB ? 120 : 250));
const PROPERTY_TIMEOUT_MS = Math.max(120_000, Math.max(REFUSAL_RUNS, GARBAGE_RUNS) * 100);

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS' | 'HEAD';
const METHODS: readonly Method[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
type OfficialKey = keyof typeof officials;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A route as Nest registered it. */
interface Route {
  readonly key: string;
  readonly method: Method;
  /** Nest's form: `/agreements/:id/state`. */
  readonly path: string;
  readonly isPublic: boolean;
  /** Its `@Query()` is a DTO: the validation pipe refuses unknown parameters. */
  readonly queryDto: boolean;
}

/** A request a route accepts (it may still be refused later for business reasons: state, rights). */
interface Template {
  readonly route: Route;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body; undefined: none. */
  readonly body?: Json;
  /** Its OpenAPI component (`DraftAgreementDto`, `SignBody`, ...). */
  readonly bodySchema?: string;
  readonly caller: OfficialKey;
}

/** What goes over the wire. `payload` is the body's exact text. */
interface Sent {
  readonly method: Method;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly payload?: string;
}

/** A generated request that must be refused, with the statuses its one fault may get. */
interface Refusal {
  readonly fault: string;
  readonly sent: Sent;
  readonly statuses: readonly number[];
}

/** A request body as text: JSON of `value`, where `Raw` parts are written as they are. */
class Raw {
  constructor(readonly text: string) {}
}
type Body = Json | Raw | Body[] | { [key: string]: Body };

function serialize(value: Body): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${serialize(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `target` with an own enumerable `key` (even `__proto__`), as a JSON body would carry it. */
function withKey(target: Record<string, Body>, key: string, value: Body): Record<string, Body> {
  const copy = { ...target };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

type BodyPath = readonly (string | number)[];

function nodesOf(value: Json, path: BodyPath = []): Array<{ path: BodyPath; value: Json }> {
  const here = [{ path, value }];
  if (Array.isArray(value)) return here.concat(value.flatMap((item, index) => nodesOf(item, [...path, index])));
  if (value !== null && typeof value === 'object')
    return here.concat(Object.entries(value).flatMap(([key, item]) => nodesOf(item, [...path, key])));
  return here;
}

/** `root` with the node at `path` replaced by `replacement` (or removed, for `undefined`). */
function replaced(root: Body, path: BodyPath, replacement: Body | undefined): Body {
  if (path.length === 0) return replacement === undefined ? {} : replacement;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const items = [...root];
    if (rest.length === 0 && replacement === undefined) items.splice(head as number, 1);
    else items[head as number] = replaced(items[head as number], rest, replacement);
    return items;
  }
  const object = { ...(root as Record<string, Body>) };
  if (rest.length === 0 && replacement === undefined) delete object[head as string];
  else object[head as string] = replaced(object[head as string], rest, replacement);
  return object;
}

// ---------------------------------------------------------------------------------------------
// OpenAPI: what each route documents

interface OpenApiSchema {
  $ref?: string;
  allOf?: OpenApiSchema[];
  type?: string;
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
}
interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: OpenApiSchema }>;
  requestBody?: unknown;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, OpenApiSchema> };
}

const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

// ---------------------------------------------------------------------------------------------
// Hostile values

/** One of each kind of character the text rules forbid in every field, multi-line ones included. */
const FORBIDDEN_CHARACTERS = [
  '\u0000',
  '\u0007',
  '\u0008',
  '\u000b',
  '\u000c',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u2028',
  '\u2029',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u061c',
  '\ud800',
  '\udfff',
];
/** Names of an object's prototype machinery: `prototype` and every member of `Object.prototype`. */
const PROTOTYPE_KEYS = ['prototype', ...Object.getOwnPropertyNames(Object.prototype)];

/** Text no field accepts: a forbidden character somewhere in any text. */
const forbiddenText = fc
  .tuple(fc.string({ maxLength: 12 }), fc.constantFrom(...FORBIDDEN_CHARACTERS), fc.string({ maxLength: 12 }))
  .map(([before, character, after]) => before + character + after);
/** The same for a URL, which cannot carry an unpaired surrogate. */
const forbiddenUrlText = fc
  .tuple(
    fc.string({ maxLength: 12 }),
    fc.constantFrom(...FORBIDDEN_CHARACTERS.filter((character) => !/^[\ud800-\udfff]$/.test(character))),
    fc.string({ maxLength: 12 }),
  )
  .map(([before, character, after]) => before + character + after);
/** Longer than any text field (`purpose`, 4,000 code points, is the longest). */
const overlongText = fc.integer({ min: 4001, max: 6000 }).map((length) => 'x'.repeat(length));
/** Any text, including every plane of Unicode. */
const anyText = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), forbiddenText);

const tooDeep = fc
  .integer({ min: JSON_BODY_LIMITS.maxDepth + 1, max: 3000 })
  .map((levels) => new Raw(`${'['.repeat(levels)}${']'.repeat(levels)}`));
const tooWideArray = fc
  .integer({ min: JSON_BODY_LIMITS.maxArrayItems + 1, max: 1500 })
  .map((items) => new Raw(`[${new Array<string>(items).fill('0').join(',')}]`));
const tooWideObject = fc
  .integer({ min: JSON_BODY_LIMITS.maxObjectMembers + 1, max: 1200 })
  .map((members) => new Raw(`{${Array.from({ length: members }, (_, i) => `"k${i}":0`).join(',')}}`));
/** Numbers JSON can write that JavaScript reads oddly. */
const oddNumbers = fc.constantFrom(
  new Raw('1e400'),
  new Raw('-1e400'),
  new Raw('12345678901234567890123'),
  new Raw('-0'),
  new Raw('1E-7'),
  new Raw('0.1e1'),
);

/** Values of a wrong type for a field whose valid value is `valid`; `null` is left to the caller. */
function wrongTypeFor(valid: Json): fc.Arbitrary<Body> {
  const primitives = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean());
  const arrayOfPrimitives = fc.array(fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)), { minLength: 1, maxLength: 3 });
  const object = fc.dictionary(fc.string({ maxLength: 8 }), fc.integer(), { maxKeys: 3 });
  if (typeof valid === 'string') return fc.oneof(primitives, object, arrayOfPrimitives, forbiddenText, overlongText, oddNumbers);
  if (typeof valid === 'number') return fc.oneof(fc.boolean(), fc.integer().map(String), object, arrayOfPrimitives);
  if (typeof valid === 'boolean') return fc.oneof(fc.integer(), fc.string(), object, arrayOfPrimitives);
  if (Array.isArray(valid)) return fc.oneof(primitives, anyText, object, arrayOfPrimitives);
  return fc.oneof(primitives, anyText, arrayOfPrimitives);
}

/** Any JSON text: values of every type, prototype and known keys, odd numbers, hostile strings. */
function anyJson(knownKeys: readonly string[]): fc.Arbitrary<Body> {
  const key = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, ...knownKeys), fc.string({ maxLength: 10 }));
  const leaf: fc.Arbitrary<Body> = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    anyText,
    oddNumbers,
  );
  const { value } = fc.letrec<{ value: Body; array: Body; object: Body }>((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc
      .array(fc.tuple(key, tie('value')), { maxLength: 4 })
      .map((entries) => entries.reduce<Record<string, Body>>((object, [name, item]) => withKey(object, name, item), {})),
  }));
  return fc.oneof({ weight: 6, arbitrary: value }, tooDeep, tooWideArray, tooWideObject);
}

/** Authorization values every token-checked route refuses (401), besides generated garbage. */
async function refusedAuthorizations(service: TestApp): Promise<string[]> {
  const secret = secretOf(service.config);
  const now = Math.floor(Date.now() / 1000);
  const claims = { name: 'Siti', agency: KEMENDES, roles: ['DRAFTER'] };
  const signed = (payload: Record<string, unknown> = claims) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).setIssuer('sepakat').setAudience('sepakat');
  const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return [
    '',
    'Bearer',
    'Bearer ',
    `Basic ${Buffer.from('siti:rahasia').toString('base64')}`,
    'Bearer a.b.c',
    `Bearer ${await signed()
      .setSubject('siti')
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(secret)}`,
    `Bearer ${await signed().setSubject('siti').sign(secret)}`,
    `Bearer ${await signed()
      .setSubject('siti')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(48)))}`,
    `Bearer ${await signed().setSubject('siti').setIssuer('elsewhere').setExpirationTime('1h').sign(secret)}`,
    `Bearer ${await signed().setSubject('siti\u202e').setExpirationTime('1h').sign(secret)}`,
    `Bearer ${await signed({ ...claims, agency: 'kemendes\u0000' })
      .setSubject('siti')
      .setExpirationTime('1h')
      .sign(secret)}`,
    `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, sub: 'siti', iss: 'sepakat', aud: 'sepakat', exp: now + 3600 })}.`,
  ];
}

// ---------------------------------------------------------------------------------------------

describe('every route under generated input (fast-check)', () => {
  let service: TestApp;
  let store: EventStore;
  let people: Awaited<ReturnType<typeof cast>>;
  let tokens: Record<OfficialKey, string>;
  let routes: Route[];
  let openApi: OpenApiDocument;
  let fixtures: {
    draftId: string;
    draftHash: string;
    activeId: string;
    pksId: string;
    cursor: string;
    workflows: Array<{ name: string; version: number }>;
    refusedAuthorizations: string[];
    rolelessToken: string;
    oddNameToken: string;
  };

  beforeAll(async () => {
    // Business time stands still in 2021, inside every term below; no rate limit for this many requests.
    service = await startTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '0' }, undefined, {
      clock: { now: () => new Date('2021-06-01T03:00:00Z') },
    });
    store = service.app.get<EventStore>(EVENT_STORE);
    people = await cast(service);
    tokens = Object.fromEntries(
      await Promise.all(Object.entries(officials).map(async ([key, official]) => [key, await tokenFor(service.config, official)])),
    ) as Record<OfficialKey, string>;
    routes = routesOf(service);
    openApi = (await service.app.inject({ method: 'GET', url: '/docs-json' })).json<OpenApiDocument>();

    const active = await activeMou(people);
    const draft = await draftMou(people);
    const pks = await people.kemendesDrafter.post('/agreements', {
      ...MOU_DRAFT,
      kind: 'PERJANJIAN_KERJA_SAMA',
      title: 'PKS Desa Percontohan',
      parentId: active.id,
      term: { startDate: '2021-01-01', endDate: '2022-12-31' },
    });
    expectStatus(pks, 201);
    const page = await people.auditor.get('/agreements?limit=1');
    expectStatus(page, 200);
    const workflows = await people.auditor.get('/workflows');
    expectStatus(workflows, 200);
    fixtures = {
      draftId: draft.id,
      draftHash: draft.draftHash,
      activeId: active.id,
      pksId: pks.json<{ id: string }>().id,
      cursor: page.json<{ next: string }>().next,
      workflows: workflows.json<Array<{ name: string; version: number }>>().map(({ name, version }) => ({ name, version })),
      refusedAuthorizations: await refusedAuthorizations(service),
      rolelessToken: await tokenFor(service.config, { sub: 'nobody', name: 'Nobody', agency: KEMENDES, roles: ['SUPERUSER' as never] }),
      // Accepted: a display name is cleaned, not refused (README, Identity).
      oddNameToken: await tokenFor(service.config, {
        sub: 'odd-1',
        name: '=HYPERLINK("http://x")\u202e\u0007',
        agency: KEMENDES,
        roles: ['DRAFTER', 'COORDINATOR'],
      }),
    };
  }, 60_000);

  afterAll(async () => {
    await service?.close();
  });

  // -------------------------------------------------------------------------------------------
  // The routes, from Nest's router metadata

  function routesOf(app: TestApp): Route[] {
    const found: Route[] = [];
    for (const module of app.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
        if (!controller) continue;
        const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
        for (const name of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = (controller.prototype as Record<string, unknown>)[name];
          if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined)
            continue;
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number] as Method;
          const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
            string,
            { index: number; data?: unknown }
          >;
          const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, name) ?? []) as unknown[];
          const queryDto = Object.entries(args).some(
            ([kind, arg]) =>
              kind.startsWith(`${RouteParamtypes.QUERY}:`) &&
              arg.data === undefined &&
              typeof types[arg.index] === 'function' &&
              types[arg.index] !== Object,
          );
          const isPublic = Reflect.getMetadata(IS_PUBLIC, handler) === true || Reflect.getMetadata(IS_PUBLIC, controller) === true;
          for (const prefix of prefixes) {
            for (const suffix of [Reflect.getMetadata(PATH_METADATA, handler) ?? ''].flat() as string[]) {
              const path = `/${[prefix, suffix]
                .map((part) => part.replace(/^\/|\/$/g, ''))
                .filter(Boolean)
                .join('/')}`;
              found.push({ key: `${method} ${path}`, method, path, isPublic, queryDto });
            }
          }
        }
      }
    }
    return found;
  }

  /** The methods some route serves at `url`'s path (Fastify answers HEAD for every GET). */
  function methodsAt(url: string): Set<Method> {
    const segments = url.split('?')[0].split('/');
    const methods = new Set<Method>();
    for (const route of routes) {
      const pattern = route.path.split('/');
      if (
        pattern.length === segments.length &&
        pattern.every((part, i) => (part.startsWith(':') ? segments[i] !== '' : part === segments[i]))
      ) {
        methods.add(route.method);
        if (route.method === 'GET') methods.add('HEAD');
      }
    }
    return methods;
  }

  function operationOf(route: Route): OpenApiOperation | undefined {
    return openApi.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
  }

  const documentedQuery = (route: Route) => (operationOf(route)?.parameters ?? []).filter((parameter) => parameter.in === 'query');
  const documentedHeaders = (route: Route) =>
    (operationOf(route)?.parameters ?? [])
      .filter((parameter) => parameter.in === 'header')
      .map((parameter) => parameter.name.toLowerCase());

  // -------------------------------------------------------------------------------------------
  // Valid requests: one generator per route

  const actingOfficials: OfficialKey[] = [
    'kemendesDrafter',
    'kemendesCoordinator',
    'kemendesReviewer',
    'kemendesLegal',
    'kemendesSignatory',
    'kemendesRecords',
    'baritoCoordinator',
    'baritoSignatory',
    'banjarCoordinator',
  ];
  const anyOfficial = () => fc.constantFrom(...(Object.keys(officials) as OfficialKey[]));
  /** Who may manage Kemendes's notifications, and who may read them. */
  const notificationManager = () => fc.constantFrom<OfficialKey>('kemendesCoordinator', 'admin');
  const notificationReader = () => fc.constantFrom<OfficialKey>('kemendesCoordinator', 'admin', 'auditor');
  const someAgreement = () => fc.constantFrom(fixtures.draftId, fixtures.activeId, fixtures.pksId);
  const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
  const only = (entries: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as Record<string, string>;
  const validIdempotencyKey = fc.string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
    minLength: 1,
    maxLength: 40,
  });

  /** A valid body of each action, as its DTO accepts it. */
  const ACTION_EXAMPLES = (): Record<string, Json | undefined> => ({
    'attach-document': { type: 'DRAFT', sha256: sha256('another draft'), name: 'naskah-nk.pdf' },
    'submit-for-review': {},
    'approve-review': { documentHash: fixtures.draftHash },
    'request-changes': { reason: 'Pasal 3 perlu diperjelas.\n\tLihat catatan.' },
    'open-signing': undefined,
    sign: { documentHash: fixtures.draftHash, signatoryName: 'Anwar Sanusi', capacity: 'DELEGATED', delegationRef: 'SK Menteri 12/2020' },
    activate: { effectiveDate: '2020-03-10' },
    'assign-registry-number': { number: '01/NK/BLM/III/2020', date: '2020-03-10' },
    'propose-locations': { locations: [{ ...LOCATIONS[0], villages: ['Anjir Pasar Kota', 'Anjir Pasar Lama'] }, LOCATIONS[1]] } as Json,
    'confirm-locations': {},
    'propose-amendment': { summary: 'Penambahan lokus Kecamatan Tabukan', documentHash: sha256('amendment') },
    renew: { newEndDate: '2026-12-31' },
    'give-termination-notice': { reason: 'Program selesai lebih awal', effectiveDate: '2023-01-01' },
    terminate: {},
    expire: undefined,
    remind: { deadline: 'expiry', dueDate: '2025-01-01' },
    escalate: { step: 'review', since: '2020-03-10' },
    withdraw: { reason: 'Digabung dengan NK lain' },
    archive: {},
    'record-dprd-approval': { number: '12/DPRD/2020', date: '2020-02-20', documentHash: sha256('dprd') },
    'file-report': { period: '2020-S1', documentHash: sha256('report'), summary: 'Pelatihan aparatur desa' },
    'migrate-workflow': {},
  });

  const AGENCY_EXAMPLE = (id: string): Json => ({
    id,
    name: 'Pemerintah Kabupaten Barito Kuala',
    level: id === BARITO_KUALA ? 'PEMERINTAH_KABUPATEN_KOTA' : 'DINAS_ATAU_UNIT',
    ...(id === BARITO_KUALA ? {} : { parentId: id.startsWith('balilatfo') ? KEMENDES : BARITO_KUALA }),
    timeZone: id === BARITO_KUALA || id.startsWith('dinas') ? 'Asia/Makassar' : 'Asia/Jakarta',
  });

  const DRAFT_EXAMPLES = (): Json[] => [
    MOU_DRAFT,
    {
      kind: 'PERJANJIAN_KERJA_SAMA',
      title: 'PKS Pengembangan Desa Percontohan',
      parentId: fixtures.activeId.toUpperCase(),
      parties: [
        { agencyId: KEMENDES, name: 'Kementerian Desa PDTT', role: 'PIHAK_KESATU' },
        { agencyId: BARITO_KUALA, name: 'Pemerintah Kabupaten Barito Kuala', role: 'PIHAK_KEDUA' },
      ],
      term: { startDate: '2021-01-01', endDate: '2022-12-31', noticePeriodDays: 30 },
    },
  ];

  type CaseArbitrary = (route: Route) => fc.Arbitrary<Template>;
  const template = (route: Route, parts: Partial<Omit<Template, 'route'>>): Template => ({
    route,
    params: {},
    query: {},
    headers: {},
    caller: 'auditor',
    ...parts,
  });

  /** Every route of the service; the first test fails when the app has a route not listed here. */
  const CASES: Record<string, CaseArbitrary> = {
    'GET /health': (route) => fc.constant(template(route, {})),
    'GET /health/live': (route) => fc.constant(template(route, {})),
    'GET /health/ready': (route) => fc.constant(template(route, {})),
    'GET /metrics': (route) => fc.constant(template(route, {})),
    'GET /auth/config': (route) => fc.constant(template(route, {})),
    'GET /problems': (route) => fc.constant(template(route, {})),
    // A code of the right shape that was never issued: refused 401 like a spent one, nothing appended.
    'POST /auth/sign-in-links/exchange': (route) =>
      fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((code) => template(route, { body: { code } })),
    'GET /agreements/parent-candidates': (route) => anyOfficial().map((caller) => template(route, { caller })),
    'GET /me': (route) => anyOfficial().map((caller) => template(route, { caller })),
    'GET /workflows': (route) => anyOfficial().map((caller) => template(route, { caller })),
    'GET /workflows/:name/:version': (route) =>
      fc
        .tuple(fc.constantFrom(...fixtures.workflows), anyOfficial())
        .map(([{ name, version }, caller]) => template(route, { params: { name, version: String(version) }, caller })),
    'POST /agreements': (route) =>
      fc
        .record({
          body: fc.constantFrom(...DRAFT_EXAMPLES()),
          key: optional(validIdempotencyKey),
          caller: fc.constantFrom<OfficialKey>('kemendesDrafter', 'kemendesCoordinator'),
        })
        .map(({ body, key, caller }) =>
          template(route, { body, bodySchema: DraftAgreementDto.name, headers: only({ 'idempotency-key': key }), caller }),
        ),
    'POST /agreements/:id/actions/:action': (route) =>
      fc
        .record({
          id: someAgreement(),
          action: fc.constantFrom(...Object.keys(ACTION_BODIES)),
          ifMatch: optional(
            fc.oneof(
              fc.nat({ max: 30 }).map((revision) => `"${revision}"`),
              fc.constant('*'),
            ),
          ),
          key: optional(validIdempotencyKey),
          caller: fc.constantFrom(...actingOfficials),
        })
        .map(({ id, action, ifMatch, key, caller }) =>
          template(route, {
            params: { id, action },
            body: ACTION_EXAMPLES()[action],
            bodySchema: ACTION_BODIES[action].name,
            headers: only({ 'if-match': ifMatch, 'idempotency-key': key }),
            caller,
          }),
        ),
    'GET /agreements': (route) =>
      fc
        .record({
          state: optional(fc.subarray(['drafting', 'active', 'inReview'], { minLength: 1 }).map((states) => states.join(','))),
          kind: optional(fc.constantFrom('NOTA_KESEPAHAMAN', 'PERJANJIAN_KERJA_SAMA')),
          agencyId: optional(fc.constantFrom(KEMENDES, BARITO_KUALA)),
          parentId: optional(fc.constant(fixtures.activeId)),
          q: optional(fc.constantFrom('Desa', 'percontohan')),
          limit: optional(fc.integer({ min: 1, max: 200 }).map(String)),
          after: optional(fc.constant(fixtures.cursor)),
          minPosition: optional(fc.constant('1')),
          caller: anyOfficial(),
        })
        .map(({ caller, ...query }) => template(route, { query: only(query), caller })),
    'GET /agreements/:id': (route) =>
      fc
        .record({ id: someAgreement(), minPosition: optional(fc.constant('1')), caller: anyOfficial() })
        .map(({ id, minPosition, caller }) => template(route, { params: { id }, query: only({ minPosition }), caller })),
    'GET /agreements/:id/state': (route) =>
      fc
        .record({
          id: someAgreement(),
          when: fc.oneof(
            fc.constant({}),
            fc.nat({ max: 5 }).map((revision) => ({ revision: String(revision) })),
            fc.constant({ at: '2021-06-01T00:00:00Z' }),
          ),
          caller: anyOfficial(),
        })
        .map(({ id, when, caller }) => template(route, { params: { id }, query: when, caller })),
    'GET /agreements/:id/history': (route) =>
      fc
        .record({
          id: someAgreement(),
          fromRevision: optional(fc.nat({ max: 5 }).map(String)),
          limit: optional(fc.integer({ min: 1, max: 1000 }).map(String)),
          caller: anyOfficial(),
        })
        .map(({ id, caller, ...query }) => template(route, { params: { id }, query: only(query), caller })),
    'GET /agreements/:id/verify': (route) =>
      fc.record({ id: someAgreement(), caller: anyOfficial() }).map(({ id, caller }) => template(route, { params: { id }, caller })),
    'GET /agreements/:id/diff': (route) =>
      fc
        .record({ id: someAgreement(), from: fc.nat({ max: 2 }), to: fc.nat({ max: 3 }), caller: anyOfficial() })
        .map(({ id, from, to, caller }) => template(route, { params: { id }, query: { from: String(from), to: String(to) }, caller })),
    'GET /agreements/:id/export': (route) =>
      fc
        .record({ id: someAgreement(), format: optional(fc.constantFrom('json', 'csv')), caller: anyOfficial() })
        .map(({ id, format, caller }) => template(route, { params: { id }, query: only({ format }), caller })),
    'GET /audit/reads': (route) =>
      fc
        .record({
          agreementId: optional(someAgreement()),
          limit: optional(fc.integer({ min: 1, max: 1000 }).map(String)),
          caller: fc.constantFrom<OfficialKey>('auditor', 'admin'),
        })
        .map(({ caller, ...query }) => template(route, { query: only(query), caller })),
    // Read to its end before the next request: one run at a time, recorded once in the audit log.
    'GET /audit/store-verification': (route) =>
      fc.constantFrom<OfficialKey>('auditor', 'admin').map((caller) => template(route, { caller })),
    'GET /inbox': (route) =>
      fc
        .record({
          minPosition: optional(fc.constant('1')),
          limit: optional(fc.integer({ min: 1, max: 500 }).map(String)),
          caller: anyOfficial(),
        })
        .map(({ caller, ...query }) => template(route, { query: only(query), caller })),
    'GET /inbox/counts': (route) =>
      fc
        .record({ minPosition: optional(fc.constant('1')), caller: anyOfficial() })
        .map(({ caller, ...query }) => template(route, { query: only(query), caller })),
    'GET /dashboard/summary': (route) =>
      fc
        .record({ minPosition: optional(fc.constant('1')), caller: anyOfficial() })
        .map(({ caller, ...query }) => template(route, { query: only(query), caller })),
    'POST /events/tickets': (route) => anyOfficial().map((caller) => template(route, { caller })),
    // A valid request opens the stream; the properties close it at once.
    'GET /events': (route) => anyOfficial().map((caller) => template(route, { caller })),
    'GET /agencies': (route) =>
      fc
        .record({ unitsOf: optional(fc.constantFrom(KEMENDES, BARITO_KUALA)), caller: anyOfficial() })
        .map(({ caller, ...query }) => template(route, { query: only(query), caller })),
    'GET /agencies/:id': (route) =>
      fc
        .record({ id: fc.constantFrom(KEMENDES, BARITO_KUALA), caller: anyOfficial() })
        .map(({ id, caller }) => template(route, { params: { id }, caller })),
    'POST /agencies': (route) =>
      fc
        .record({
          id: fc.constantFrom('balilatfo-kemendes-pdtt', 'dinas-pmd-barito-kuala'),
          caller: fc.constantFrom<OfficialKey>('admin', 'kemendesCoordinator'),
        })
        .map(({ id, caller }) => template(route, { body: AGENCY_EXAMPLE(id), bodySchema: AgencyDto.name, caller })),
    // Only an ADMIN changes an agency: a coordinator's request would be refused 403 before any fault.
    'PUT /agencies/:id': (route) =>
      fc.constant<OfficialKey>('admin').map((caller) => {
        const { id, ...change } = AGENCY_EXAMPLE(BARITO_KUALA) as Record<string, Json>;
        return template(route, { params: { id: id as string }, body: change, bodySchema: AgencyChangeDto.name, caller });
      }),
    'GET /delegations': (route) =>
      fc
        .record({ agencyId: optional(fc.constantFrom(KEMENDES, BARITO_KUALA)), caller: anyOfficial() })
        .map(({ caller, ...query }) => template(route, { query: only(query), caller })),
    'GET /delegations/:id': (route) =>
      fc
        .record({ id: fc.constant(SEKJEN_DELEGATION.id), caller: anyOfficial() })
        .map(({ id, caller }) => template(route, { params: { id }, caller })),
    'POST /delegations': (route) =>
      fc
        .record({
          id: fc.constantFrom('sk-menteri-13-2020', 'sk-menteri-14-2020'),
          caller: fc.constantFrom<OfficialKey>('admin', 'kemendesCoordinator', 'baritoCoordinator'),
        })
        .map(({ id, caller }) => template(route, { body: { ...SEKJEN_DELEGATION, id }, bodySchema: DelegationDto.name, caller })),
    // Revoking the one delegation the suite signs under would only turn later signatures into refusals: a letter of its own.
    'POST /delegations/:id/revoke': (route) =>
      fc.constantFrom<OfficialKey>('admin', 'kemendesCoordinator').map((caller) =>
        template(route, {
          params: { id: 'sk-menteri-14-2020' },
          body: { reason: 'Diganti dengan surat baru' },
          bodySchema: RevocationDto.name,
          caller,
        }),
      ),
    'GET /directory/verify': (route) => fc.constantFrom<OfficialKey>('auditor', 'admin').map((caller) => template(route, { caller })),
    // An agency's notifications: its coordinator or an admin manages them, an auditor reads them too.
    // A webhook at a public address written as one (no name to resolve on a closed network).
    'POST /agencies/:agencyId/webhooks': (route) =>
      fc
        .record({
          eventTypes: fc.constantFrom<string[]>(['*'], ['DeadlineApproaching', 'Expired']),
          caller: fc.constantFrom<OfficialKey>('kemendesCoordinator', 'admin'),
        })
        .map(({ eventTypes, caller }) =>
          template(route, {
            params: { agencyId: KEMENDES },
            body: { url: 'https://103.10.20.30/sepakat/webhook', eventTypes, description: 'Sistem arsip' },
            bodySchema: WebhookDto.name,
            caller,
          }),
        ),
    'GET /agencies/:agencyId/webhooks': (route) =>
      notificationReader().map((caller) => template(route, { params: { agencyId: KEMENDES }, caller })),
    'GET /agencies/:agencyId/webhooks/:id': (route) =>
      fc
        .record({ id: fc.uuid(), caller: notificationReader() })
        .map(({ id, caller }) => template(route, { params: { agencyId: KEMENDES, id }, caller })),
    'DELETE /agencies/:agencyId/webhooks/:id': (route) =>
      fc
        .record({ id: fc.uuid(), caller: notificationManager() })
        .map(({ id, caller }) => template(route, { params: { agencyId: KEMENDES, id }, caller })),
    // No SMTP here: a valid recipient is refused (422), after every fault of its request has been found.
    'POST /agencies/:agencyId/email-recipients': (route) =>
      notificationManager().map((caller) =>
        template(route, {
          params: { agencyId: KEMENDES },
          body: { address: 'kerjasama@kemendesa.go.id', name: 'Biro Kerja Sama', roles: ['COORDINATOR'] },
          bodySchema: EmailRecipientDto.name,
          caller,
        }),
      ),
    'GET /agencies/:agencyId/email-recipients': (route) =>
      notificationReader().map((caller) => template(route, { params: { agencyId: KEMENDES }, caller })),
    'DELETE /agencies/:agencyId/email-recipients/:id': (route) =>
      fc
        .record({ id: fc.uuid(), caller: notificationManager() })
        .map(({ id, caller }) => template(route, { params: { agencyId: KEMENDES, id }, caller })),
    'GET /agencies/:agencyId/deliveries': (route) =>
      fc
        .record({
          status: optional(fc.constantFrom('pending', 'delivered', 'dead', 'cancelled')),
          channel: optional(fc.constantFrom('webhook', 'email')),
          targetId: optional(fc.uuid()),
          limit: optional(fc.integer({ min: 1, max: 500 }).map(String)),
          caller: notificationReader(),
        })
        .map(({ caller, ...query }) => template(route, { params: { agencyId: KEMENDES }, query: only(query), caller })),
    'GET /agencies/:agencyId/deliveries/:id': (route) =>
      fc
        .record({ id: fc.uuid(), caller: notificationReader() })
        .map(({ id, caller }) => template(route, { params: { agencyId: KEMENDES, id }, caller })),
    'POST /agencies/:agencyId/deliveries/:id/redeliver': (route) =>
      fc
        .record({ id: fc.uuid(), caller: notificationManager() })
        .map(({ id, caller }) => template(route, { params: { agencyId: KEMENDES, id }, caller })),
  };

  // -------------------------------------------------------------------------------------------
  // What each part of a request may be made wrong with

  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const notDecimal = fc.oneof(
    fc.constantFrom('', '0x1', '0b1', '1e3', ' 1', '1 ', '+1', '-0', '-1', '1.0', '١', 'NaN', 'Infinity', '99999999999999999999'),
    fc.string({ maxLength: 8 }).filter((text) => !/^\d+$/.test(text)),
  );
  const notUuid = fc.oneof(
    fc.constantFrom('', 'null', '00000000-0000-0000-0000-00000000000g', '{00000000-0000-0000-0000-000000000000}'),
    anyText.filter((text) => !UUID.test(text)),
  );
  const notIso8601 = fc.oneof(
    fc.constantFrom('', 'yesterday', '2021-13-01', '2021-02-30T00:00:00Z', '2021-06-01 00:00:00Z', '1e3', '0'),
    fc.string({ maxLength: 10 }).filter((text) => !/^\d{4}/.test(text)),
  );

  /** Values of each documented query parameter that no route accepts, and the status they get. */
  const BAD_QUERY_VALUES = (): Record<string, { values: fc.Arbitrary<string>; status: number }> => ({
    limit: { values: fc.oneof(notDecimal, fc.constantFrom('0', '100000')), status: 400 },
    fromRevision: { values: notDecimal, status: 400 },
    revision: { values: notDecimal, status: 400 },
    from: { values: notDecimal, status: 400 },
    to: { values: notDecimal, status: 400 },
    minPosition: { values: notDecimal, status: 400 },
    lastEventId: { values: notDecimal, status: 400 },
    state: {
      values: fc
        .tuple(
          fc.subarray(['drafting', 'active']),
          anyText.filter((text) => text !== '' && !text.includes(',')),
        )
        .map(([states, bad]) => [...states, bad].join(','))
        .filter((list) =>
          list
            .split(',')
            .some(
              (state) =>
                state !== '' &&
                !/^(drafting|inReview|readyToSign|signing|executed|active|amending|terminating|terminated|expired|withdrawn|archived)$/.test(
                  state,
                ),
            ),
        ),
      status: 400,
    },
    kind: { values: anyText.filter((text) => !['NOTA_KESEPAHAMAN', 'PERJANJIAN_KERJA_SAMA'].includes(text)), status: 400 },
    format: { values: anyText.filter((text) => !['json', 'csv'].includes(text)), status: 400 },
    agencyId: { values: fc.oneof(forbiddenUrlText, fc.constant(''), fc.constant('a'.repeat(65))), status: 400 },
    q: { values: fc.oneof(forbiddenUrlText, fc.constant(''), fc.constant('a'.repeat(201))), status: 400 },
    parentId: { values: notUuid, status: 400 },
    agreementId: { values: notUuid, status: 400 },
    at: { values: notIso8601, status: 400 },
    // A forged page cursor, never the first page again.
    after: {
      values: fc
        .oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/), anyText, fc.constant(`${fixtures.cursor}A`), fc.constant('x'.repeat(401)))
        .filter((text) => text !== fixtures.cursor),
      status: 400,
    },
    ticket: { values: fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^[A-Za-z0-9_-]{32}$/)), status: 401 },
    unitsOf: {
      values: fc.oneof(forbiddenUrlText, fc.constant(''), fc.constant('a'.repeat(65)), fc.constantFrom('Kemendes', '-x', 'a')),
      status: 400,
    },
    status: { values: anyText.filter((text) => !['pending', 'delivered', 'dead', 'cancelled'].includes(text)), status: 400 },
    channel: { values: anyText.filter((text) => !['webhook', 'email'].includes(text)), status: 400 },
    targetId: { values: notUuid, status: 400 },
  });

  const isValidIfMatch = (value: string) => value.trim() === '*' || /^\s*"(\d{1,18})"\s*$/.test(value);
  /** Header values a route refuses (400): HTTP allows visible ASCII, spaces, tabs and bytes over 0x7f in them. */
  const headerText = fc.string({
    unit: fc
      .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constant(0x09), fc.integer({ min: 0x80, max: 0xff }))
      .map((code) => String.fromCharCode(code)),
    maxLength: 30,
  });
  const BAD_HEADER_VALUES = (): Record<string, fc.Arbitrary<string>> => ({
    'idempotency-key': fc.oneof(
      fc.constant(''),
      fc.integer({ min: 201, max: 400 }).map((length) => 'k'.repeat(length)),
      headerText.filter((text) => !/^[\x21-\x7e]{1,200}$/.test(text)),
    ),
    'if-match': fc
      .oneof(fc.constantFrom('', 'W/"1"', '"1", "2"', '1', '"-1"', '"1.0"', '"0x1"', `"${'9'.repeat(19)}"`, '""', '**'), headerText)
      .filter((text) => !isValidIfMatch(text)),
    'last-event-id': fc.oneof(notDecimal, fc.constant('9'.repeat(19)), fc.constant(String(Number.MAX_SAFE_INTEGER))),
  });
  /**
   * Header values of content negotiation: a route answers every one of them (in its first language
   * when none it speaks is wanted, RFC 9110 §12.5.4), so they are tried in garbage, never as faults.
   */
  const NEGOTIATED_HEADER_VALUES = (): Record<string, fc.Arbitrary<string>> => ({
    'accept-language': fc.oneof(
      fc.constantFrom('id', 'id-ID', 'in', 'en', 'en-GB, en;q=0.9, id;q=0.5', '*', '*;q=0', 'id;q=0', 'fr', 'en;q=2'),
      headerText,
    ),
  });

  /** Path parameters that name nothing: 404 (see `pathStatus`). */
  const BAD_PATH_VALUES = (): Record<string, fc.Arbitrary<string>> => ({
    id: fc.oneof(
      fc.uuid(),
      notUuid,
      fc.integer({ min: 101, max: 400 }).map((length) => 'a'.repeat(length)),
    ),
    action: fc
      .oneof(fc.constantFrom(...PROTOTYPE_KEYS, 'toString', 'hasOwnProperty', 'Sign', 'sign '), anyText)
      .filter((name) => !Object.hasOwn(ACTION_BODIES, name)),
    name: anyText.filter((name) => !fixtures.workflows.some((workflow) => workflow.name === name)),
    // Not an agency id (2 to 64 of a-z, 0-9, dot, dash, underscore): no agency's notifications.
    agencyId: fc.oneof(
      anyText.filter((text) => !/^[a-z0-9][a-z0-9._-]{1,63}$/.test(text)),
      fc.integer({ min: 101, max: 400 }).map((length) => 'a'.repeat(length)),
    ),
    version: fc
      .oneof(fc.integer({ min: -5, max: 1_000_000 }).map(String), notDecimal, fc.constant('9'.repeat(30)))
      .filter(
        (version) => !fixtures.workflows.some((workflow) => /^-?\d+$/.test(version) && Number.parseInt(version, 10) === workflow.version),
      ),
  });

  /**
   * What the router answers a path parameter that names nothing: 404 from the route, unless the
   * router refuses the path first (not UTF-8 once decoded: 400; over 100 characters: 414).
   */
  const pathStatus = (value: string) => (/[\ud800-\udfff]/u.test(value) ? 400 : value.length > 100 ? 414 : 404);

  // -------------------------------------------------------------------------------------------
  // Building requests

  /** UTF-8 has no unpaired surrogates: one goes as the bytes a careless encoder writes for it (not UTF-8). */
  const encode = (text: string) =>
    text
      .split(/([\ud800-\udfff])/u)
      .map((part, i) => (i % 2 === 1 ? '%ED%A0%80' : encodeURIComponent(part)))
      .join('');

  function urlOf(
    path: string,
    params: Readonly<Record<string, string>>,
    query: Readonly<Record<string, string | readonly string[]>>,
  ): string {
    const filled = path.replace(/:(\w+)/g, (_, name: string) => encode(params[name]));
    const pairs = Object.entries(query).flatMap(([key, value]) => [value].flat().map((item) => `${encode(key)}=${encode(item)}`));
    return pairs.length > 0 ? `${filled}?${pairs.join('&')}` : filled;
  }

  function sentOf(
    base: Template,
    changes: {
      method?: Method;
      params?: Record<string, string>;
      query?: Record<string, string | readonly string[]>;
      headers?: Record<string, string | undefined>;
      payload?: string | null;
    } = {},
  ): Sent {
    const headers: Record<string, string | undefined> = {
      ...(base.route.isPublic ? {} : { authorization: `Bearer ${tokens[base.caller]}` }),
      ...base.headers,
    };
    if (base.body !== undefined) headers['content-type'] = 'application/json';
    Object.assign(headers, changes.headers ?? {});
    const payload =
      changes.payload === null ? undefined : (changes.payload ?? (base.body === undefined ? undefined : serialize(base.body)));
    return {
      method: changes.method ?? base.route.method,
      url: urlOf(base.route.path, { ...base.params, ...changes.params }, changes.query ?? base.query),
      headers: Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)) as Record<string, string>,
      ...(payload === undefined ? {} : { payload }),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Refusals: one fault in a valid request

  function schemaOf(schema: OpenApiSchema | undefined): OpenApiSchema | undefined {
    if (!schema) return undefined;
    if (schema.$ref) return schemaOf(openApi.components.schemas[schema.$ref.split('/').pop()!]);
    if (schema.allOf?.length === 1) return schemaOf(schema.allOf[0]);
    return schema;
  }

  /** The schema of the node at `path` of a body of `component`, and whether its parent requires it. */
  function schemaAt(component: string, path: BodyPath): { schema?: OpenApiSchema; required: boolean } {
    let schema = schemaOf(openApi.components.schemas[component]);
    let required = true;
    for (const step of path) {
      if (typeof step === 'number') {
        schema = schemaOf(schema?.items);
        required = true;
      } else {
        required = schema?.required?.includes(step) ?? false;
        schema = schemaOf(schema?.properties?.[step]);
      }
    }
    return { ...(schema ? { schema } : {}), required };
  }

  function bodyFaults(base: Template): Array<fc.Arbitrary<Refusal>> {
    const faults: Array<fc.Arbitrary<Refusal>> = [];
    const validText = base.body === undefined ? '{}' : serialize(base.body);
    if (base.route.method === 'POST') {
      // Refused before any route sees the body.
      faults.push(
        fc
          .tuple(
            fc.constantFrom(
              undefined,
              'text/plain',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=x',
              'application/xml',
              'application/json-patch+json',
              'text/json',
              '*/*',
              'application/jsonx',
            ),
            fc.constantFrom(validText, 'a=1', '<a/>'),
          )
          .map(([contentType, payload]) => ({
            fault: `content type ${contentType}`,
            sent: sentOf(base, { headers: { 'content-type': contentType }, payload }),
            statuses: [415],
          })),
        fc
          .oneof(
            fc
              .nat({ max: validText.length - 1 })
              .filter((end) => end > 0)
              .map((end) => validText.slice(0, end)),
            fc.constantFrom('}', ']', ',', 'x', '"', '{', ':1').map((tail) => validText + tail),
            fc.string({ maxLength: 20 }).filter((text) => text.trim() !== '' && !parses(text)),
          )
          .map((payload) => ({
            fault: 'broken JSON',
            sent: sentOf(base, { headers: { 'content-type': 'application/json' }, payload }),
            statuses: [400],
          })),
        fc.oneof(tooDeep, tooWideArray, tooWideObject).map((raw) => ({
          fault: 'too deep or wide',
          sent: sentOf(base, { headers: { 'content-type': 'application/json' }, payload: raw.text }),
          statuses: [400],
        })),
        fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS), anyJson([])).map(([key, value]) => ({
          fault: `prototype key ${key}`,
          sent: sentOf(base, {
            headers: { 'content-type': 'application/json' },
            payload: serialize(withKey((base.body ?? {}) as Record<string, Body>, key, value)),
          }),
          statuses: [400],
        })),
        fc.integer({ min: 1, max: 4096 }).map((extra) => ({
          fault: 'over the body limit',
          sent: sentOf(base, {
            headers: { 'content-type': 'application/json' },
            payload: JSON.stringify('x'.repeat(service.config.http.bodyLimitBytes + extra)),
          }),
          statuses: [413],
        })),
      );
    }
    if (base.bodySchema === undefined) return faults;

    const body: Json = base.body ?? {};
    const nodes = nodesOf(body);
    const fieldNodes = nodes.filter((node) => node.path.length > 0);
    const objectNodes = nodes.filter((node) => node.value !== null && typeof node.value === 'object' && !Array.isArray(node.value));
    const withBody = (fault: string, changed: Body, statuses: readonly number[] = [400]): Refusal => ({
      fault,
      sent: sentOf(base, { headers: { 'content-type': 'application/json' }, payload: serialize(changed) }),
      statuses,
    });

    // The whole body of another type.
    faults.push(
      fc
        .oneof(fc.constant<Body>(null), fc.integer(), anyText, fc.boolean(), fc.array(anyJson([]), { maxLength: 3 }))
        .map((value) => withBody('body not an object', value)),
    );
    if (fieldNodes.length > 0) {
      faults.push(
        fc
          .constantFrom(...fieldNodes)
          .chain(({ path, value }) =>
            wrongTypeFor(value).map((wrong) => withBody(`${path.join('.')} of a wrong type or hostile`, replaced(body, path, wrong))),
          ),
        fc
          .tuple(fc.constantFrom(...fieldNodes), fc.oneof(tooDeep, tooWideArray, tooWideObject))
          .map(([{ path }, raw]) => withBody(`${path.join('.')} too deep or wide`, replaced(body, path, raw))),
      );
      const requiredNodes = fieldNodes.filter((node) => schemaAt(base.bodySchema!, node.path).required);
      if (requiredNodes.length > 0)
        faults.push(fc.constantFrom(...requiredNodes).map(({ path }) => withBody(`${path.join('.')} null`, replaced(body, path, null))));
      // An optional text (or list of texts) sent as null passes the DTO and is refused by the
      // decider, after the checks of rights and state that may refuse the command first; an
      // optional number sent as null is refused by the DTO.
      const optionalNodes = fieldNodes.filter((node) => !schemaAt(base.bodySchema!, node.path).required);
      if (optionalNodes.length > 0) {
        faults.push(
          fc
            .constantFrom(...optionalNodes)
            .map(({ path, value }) =>
              withBody(
                `optional ${path.join('.')} null`,
                replaced(body, path, null),
                typeof value === 'number' ? [400] : [400, 403, 404, 409, 412, 422],
              ),
            ),
        );
      }
      // A string field so long that the body is just under or just over the limit.
      const stringNodes = fieldNodes.filter((node) => typeof node.value === 'string');
      if (stringNodes.length > 0) {
        faults.push(
          fc.tuple(fc.constantFrom(...stringNodes), fc.integer({ min: -2048, max: 2048 })).map(([{ path }, delta]) => {
            const rest = serialize(replaced(body, path, '')).length;
            const length = Math.max(5000, service.config.http.bodyLimitBytes - rest + delta);
            return withBody(`${path.join('.')} near the body limit (${delta})`, replaced(body, path, 'x'.repeat(length)), [400, 413]);
          }),
        );
      }
    }
    // A field the DTO does not have, at any level, under any name (prototype keys included).
    faults.push(
      fc
        .tuple(fc.constantFrom(...objectNodes), fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), anyText), anyJson([]))
        .chain(([{ path, value }, key, extra]) => {
          const known = Object.keys(schemaAt(base.bodySchema!, path).schema?.properties ?? {});
          return known.includes(key)
            ? fc.constant(null)
            : fc.constant(
                withBody(
                  `unknown field ${path.concat(key).join('.')}`,
                  replaced(body, path, withKey(value as Record<string, Body>, key, extra)),
                ),
              );
        })
        .filter((refusal): refusal is Refusal => refusal !== null),
    );
    // A required field removed.
    const removable = fieldNodes.filter((node) => typeof node.path.at(-1) === 'string' && schemaAt(base.bodySchema!, node.path).required);
    if (removable.length > 0)
      faults.push(fc.constantFrom(...removable).map(({ path }) => withBody(`${path.join('.')} removed`, replaced(body, path, undefined))));
    return faults;
  }

  /** Refusals of a route, weighted by how many kinds of fault it has, so that every kind is tried about as often. */
  function refusalsOf(route: Route): fc.WeightedArbitrary<Refusal> {
    const [sample] = fc.sample(CASES[route.key](route), { numRuns: 1, seed: SEED });
    return {
      weight: faultsOf(route, sample).length,
      arbitrary: CASES[route.key](route).chain((base) => fc.oneof(...faultsOf(route, base))),
    };
  }

  /** Each kind of fault `base` can be given, as a generator of refusals. */
  function faultsOf(route: Route, base: Template): Array<fc.Arbitrary<Refusal>> {
    const faults: Array<fc.Arbitrary<Refusal>> = [];
    // A method the path does not have.
    faults.push(
      fc
        .constantFrom(...METHODS)
        .filter((method) => !methodsAt(sentOf(base).url).has(method))
        .map((method) => ({ fault: `method ${method}`, sent: sentOf(base, { method }), statuses: [404] })),
    );
    // A prototype key as a query parameter, on any route.
    faults.push(
      fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 5 })).map(([key, value]) => ({
        fault: `query ${key}`,
        sent: sentOf(base, { query: { ...base.query, [key]: value } }),
        statuses: [400],
      })),
    );
    if (!route.isPublic) {
      faults.push(
        fc
          .oneof(
            fc.constantFrom<string | undefined>(undefined, ...fixtures.refusedAuthorizations),
            fc.string({ maxLength: 40 }),
            fc.string({ maxLength: 40 }).map((text) => `Bearer ${text}`),
            fc.tuple(fc.base64String(), fc.base64String(), fc.base64String()).map((parts) => `Bearer ${parts.join('.')}`),
          )
          .map((authorization) => ({
            fault: 'garbage Authorization',
            sent: sentOf(base, { headers: { authorization } }),
            statuses: [401],
          })),
        fc.constant({
          fault: 'a token without a role of the service',
          sent: sentOf(base, { headers: { authorization: `Bearer ${fixtures.rolelessToken}` } }),
          statuses: [403],
        }),
      );
    }
    const params = Object.keys(base.params);
    if (params.length > 0) {
      const badPaths = BAD_PATH_VALUES();
      faults.push(
        fc.constantFrom(...params).chain((name) =>
          badPaths[name].map((value) => ({
            fault: `path ${name}`,
            sent: sentOf(base, { params: { [name]: value } }),
            statuses: [pathStatus(value)],
          })),
        ),
      );
    }
    const badValues = BAD_QUERY_VALUES();
    const documented = documentedQuery(route);
    if (documented.length > 0) {
      faults.push(
        fc.constantFrom(...documented).chain(({ name }) =>
          badValues[name].values.map((value) => ({
            fault: `query ${name}`,
            sent: sentOf(base, { query: { ...base.query, [name]: value } }),
            statuses: [badValues[name].status],
          })),
        ),
      );
    }
    if (route.queryDto) {
      const known = new Set(documented.map((parameter) => parameter.name));
      faults.push(
        fc
          .tuple(
            fc.string({ minLength: 1, maxLength: 12 }).filter((name) => !known.has(name)),
            fc.string({ maxLength: 8 }),
          )
          .map(([name, value]) => ({
            fault: `unknown query ${name}`,
            sent: sentOf(base, { query: { ...base.query, [name]: value } }),
            statuses: [400],
          })),
      );
      const scalars = documented.filter((parameter) => parameter.schema?.type !== 'array');
      if (scalars.length > 0) {
        faults.push(
          fc.constantFrom(...scalars).map(({ name }) => ({
            fault: `query ${name} twice`,
            sent: sentOf(base, { query: { ...base.query, [name]: [base.query[name] ?? '1', '2'] } }),
            statuses: [400],
          })),
        );
      }
      const required = documented.filter((parameter) => parameter.required);
      if (required.length > 0) {
        faults.push(
          fc.constantFrom(...required).map(({ name }) => ({
            fault: `query ${name} missing`,
            sent: sentOf(base, { query: Object.fromEntries(Object.entries(base.query).filter(([key]) => key !== name)) }),
            statuses: [400],
          })),
        );
      }
    }
    const badHeaders = BAD_HEADER_VALUES();
    const negotiated = NEGOTIATED_HEADER_VALUES();
    const headers = documentedHeaders(route).filter((name) => !(name in negotiated));
    if (headers.length > 0) {
      faults.push(
        fc.constantFrom(...headers).chain((name) =>
          badHeaders[name].map((value) => ({
            fault: `header ${name}: ${JSON.stringify(value)}`,
            sent: sentOf(base, { headers: { [name]: value } }),
            statuses: [400],
          })),
        ),
      );
    }
    faults.push(...bodyFaults(base));
    return faults;
  }

  // -------------------------------------------------------------------------------------------
  // Garbage: every part of a request either valid or generated

  function garbageOf(route: Route): fc.WeightedArbitrary<Refusal> {
    const knownKeys = Object.values(openApi.components.schemas).flatMap((schema) => Object.keys(schema.properties ?? {}));
    const queryKey = fc.oneof(
      fc.constantFrom(
        ...PROTOTYPE_KEYS,
        'limit',
        'after',
        'revision',
        'at',
        'from',
        'to',
        'state',
        'format',
        'ticket',
        'lastEventId',
        'fromRevision',
        'agreementId',
        'q',
      ),
      fc.string({ maxLength: 8 }),
    );
    // A minPosition the log has not reached is the documented 503 after a 2 s wait: only the ones it has.
    const queryValue = fc.oneof(anyText, notDecimal, fc.nat({ max: 40 }).map(String));
    const authorization = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...(Object.keys(officials) as OfficialKey[])).map((key) => `Bearer ${tokens[key]}`) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          `Bearer ${fixtures.oddNameToken}`,
          `bearer   ${tokens.kemendesDrafter}`,
          `Bearer ${fixtures.rolelessToken}`,
        ),
      },
      { weight: 2, arbitrary: fc.constantFrom<string | undefined>(undefined, ...fixtures.refusedAuthorizations) },
      { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    );
    const contentType = fc.constantFrom(
      undefined,
      'application/json',
      'application/json; charset=utf-8',
      'APPLICATION/JSON ; x=y',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json-patch+json',
      '',
    );
    // Routes with a body or path parameters have more to get wrong: they are tried more often.
    const weight = 1 + (route.path.match(/:/g)?.length ?? 0) + (route.method === 'POST' ? 3 : 0);
    const arbitrary = CASES[route.key](route).chain((base) =>
      fc
        .record({
          method: fc.oneof({ weight: 5, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
          params: fc.record(
            Object.fromEntries(
              Object.keys(base.params).map((name) => [
                name,
                fc.oneof(
                  { weight: 3, arbitrary: fc.constant(base.params[name]) },
                  fc.constantFrom(fixtures.draftId, fixtures.activeId, fixtures.pksId),
                  BAD_PATH_VALUES()[name],
                ),
              ]),
            ),
          ),
          query: fc.oneof(
            fc.constant<Record<string, string | string[]>>(base.query),
            fc
              .dictionary(queryKey, fc.oneof(queryValue, fc.array(queryValue, { minLength: 2, maxLength: 3 })), { maxKeys: 4 })
              .map((extra) => ({ ...base.query, ...extra })),
          ),
          authorization: fc.oneof(
            { weight: 3, arbitrary: fc.constant(base.route.isPublic ? undefined : `Bearer ${tokens[base.caller]}`) },
            authorization,
          ),
          contentType: fc.oneof(
            { weight: 3, arbitrary: fc.constant(base.body === undefined ? undefined : 'application/json') },
            contentType,
          ),
          ifMatch: fc.option(fc.oneof(fc.constantFrom('*', '"0"', '"1"', '"2"', 'W/"1"'), headerText), { freq: 3 }),
          idempotencyKey: fc.option(fc.oneof(validIdempotencyKey, headerText), { freq: 3 }),
          lastEventId: fc.option(fc.oneof(notDecimal, fc.nat({ max: 40 }).map(String)), { freq: 3 }),
          acceptLanguage: fc.option(NEGOTIATED_HEADER_VALUES()['accept-language'], { freq: 3 }),
          extraHeader: fc.option(fc.tuple(fc.stringMatching(/^x-[a-z-]{1,10}$/), headerText), { freq: 3 }),
          payload: fc.oneof(
            { weight: 2, arbitrary: fc.constant(base.body === undefined ? undefined : serialize(base.body)) },
            { weight: 1, arbitrary: fc.constant(undefined) },
            { weight: 3, arbitrary: anyJson(knownKeys).map(serialize) },
            { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
            {
              weight: 3,
              arbitrary:
                base.bodySchema === undefined
                  ? fc.constant(undefined)
                  : fc.oneof(...bodyFaults(base)).map((refusal) => refusal.sent.payload),
            },
          ),
        })
        .map(
          ({
            method,
            params,
            query,
            authorization,
            contentType,
            ifMatch,
            idempotencyKey,
            lastEventId,
            acceptLanguage,
            extraHeader,
            payload,
          }) => ({
            fault: 'garbage',
            sent: sentOf(
              { ...base, headers: {} },
              {
                method,
                params,
                query,
                headers: {
                  authorization,
                  'content-type': contentType,
                  'if-match': ifMatch ?? undefined,
                  'idempotency-key': idempotencyKey ?? undefined,
                  'last-event-id': lastEventId ?? undefined,
                  'accept-language': acceptLanguage ?? undefined,
                  ...(extraHeader ? { [extraHeader[0]]: extraHeader[1] } : {}),
                },
                payload: payload ?? null,
              },
            ),
            statuses: [],
          }),
        ),
    );
    return { weight, arbitrary };
  }

  function parses(text: string): boolean {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Sending and checking

  interface Answer {
    readonly status: number;
    readonly headers: Record<string, unknown>;
    readonly body: string;
  }

  async function send(sent: Sent): Promise<Answer> {
    // As a stream, so that an event stream that opens answers at once (and is then closed).
    const response = await service.app.inject({ ...sent, payloadAsStream: true });
    const headers = response.headers as Record<string, unknown>;
    if (String(response.headers['content-type'] ?? '').startsWith('text/event-stream')) {
      (response.raw.res as unknown as { destroy(): void }).destroy();
      return { status: response.statusCode, headers, body: '' };
    }
    const chunks: Buffer[] = [];
    for await (const chunk of response.stream()) chunks.push(chunk as Buffer);
    return { status: response.statusCode, headers, body: Buffer.concat(chunks).toString('utf8') };
  }

  async function lastPosition(): Promise<bigint> {
    for await (const event of store.readAll({ direction: 'backwards', maxCount: 1 })) return event.position;
    return -1n;
  }

  async function appendedAfter(position: bigint): Promise<RecordedEvent[]> {
    if ((await lastPosition()) === position) return [];
    const events: RecordedEvent[] = [];
    for await (const event of store.readAll({ direction: 'backwards', maxCount: 20 })) {
      if (event.position <= position) break;
      events.unshift(event);
    }
    return events;
  }

  const STACK_TRACE = /\bat [^\n]*\.(ts|js|mjs|cjs):\d+|node_modules|\n\s+at /;

  function expectProblem(sent: Sent, answer: Answer): void {
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (sent.method === 'HEAD') return;
    const problem = JSON.parse(answer.body) as Record<string, unknown>;
    expect(problem).toEqual(
      expect.objectContaining({
        type: expect.stringMatching(/^urn:sepakat:problem:[a-z-]+$/),
        title: expect.any(String),
        status: answer.status,
        detail: expect.any(String),
      }),
    );
    expect((problem.detail as string).length).toBeGreaterThan(0);
    if (problem.errors !== undefined) expect(problem.errors).toEqual(expect.arrayContaining([expect.any(String)]));
  }

  const describeAnswer = (answer: Answer) => `HTTP ${answer.status} ${answer.body.slice(0, 400)}`;

  /** A failed check with the request and the answer in the message, for fast-check's report. */
  function check(condition: boolean, what: string, refusal: Refusal, answer: Answer): void {
    if (!condition)
      throw new Error(`${what}\n${refusal.fault}: ${refusal.sent.method} ${refusal.sent.url.slice(0, 300)}\n${describeAnswer(answer)}`);
  }

  // -------------------------------------------------------------------------------------------

  it('has a generator for every route the app serves, and every route is in the OpenAPI document with its parameters generated', async () => {
    expect(routes.length).toBeGreaterThan(10);
    const missing = routes.filter((route) => !CASES[route.key]).map((route) => route.key);
    expect({ routesWithoutAGenerator: missing }).toEqual({ routesWithoutAGenerator: [] });
    expect({ generatorsOfNoRoute: Object.keys(CASES).filter((key) => !routes.some((route) => route.key === key)) }).toEqual({
      generatorsOfNoRoute: [],
    });
    expect({ undocumented: routes.filter((route) => !operationOf(route)).map((route) => route.key) }).toEqual({ undocumented: [] });
    const badQuery = BAD_QUERY_VALUES();
    const badHeaders = BAD_HEADER_VALUES();
    const negotiatedHeaders = NEGOTIATED_HEADER_VALUES();
    const badPaths = BAD_PATH_VALUES();
    for (const route of routes) {
      for (const parameter of documentedQuery(route))
        expect({ route: route.key, query: parameter.name, generated: parameter.name in badQuery }).toMatchObject({ generated: true });
      for (const header of documentedHeaders(route))
        expect({ route: route.key, header, generated: header in badHeaders || header in negotiatedHeaders }).toMatchObject({
          generated: true,
        });
      for (const [, name] of route.path.matchAll(/:(\w+)/g))
        expect({ route: route.key, param: name, generated: name in badPaths }).toMatchObject({ generated: true });
    }
    // Every action has a valid body, and each valid body is one its DTO accepts: the faults below are the only ones.
    expect(Object.keys(ACTION_EXAMPLES()).sort()).toEqual(Object.keys(ACTION_BODIES).sort());
    const pipe = createValidationPipe();
    for (const [action, body] of Object.entries(ACTION_EXAMPLES())) {
      // Actions without input take `{}` or nothing (the controller checks that, not the pipe).
      if (ACTION_BODIES[action] === EmptyBody) expect([undefined, '{}']).toContain(body === undefined ? body : JSON.stringify(body));
      else await expect(pipe.transform(body, { type: 'body', metatype: ACTION_BODIES[action] })).resolves.toBeDefined();
      expect(openApi.components.schemas[ACTION_BODIES[action].name]).toBeDefined();
    }
    for (const body of DRAFT_EXAMPLES())
      await expect(pipe.transform(body, { type: 'body', metatype: DraftAgreementDto })).resolves.toBeDefined();
  });

  it(
    'refuses every request made invalid in one place with the 4xx problem of its fault, and appends nothing',
    async () => {
      const arbitrary = fc.oneof(...routes.map((route) => refusalsOf(route)));
      await fc.assert(
        fc.asyncProperty(arbitrary, async (refusal) => {
          const before = await lastPosition();
          const answer = await send(refusal.sent);
          check(refusal.statuses.includes(answer.status), `expected HTTP ${refusal.statuses.join(' or ')}`, refusal, answer);
          check(!STACK_TRACE.test(answer.body), 'a stack trace in the body', refusal, answer);
          expectProblem(refusal.sent, answer);
          const appended = await appendedAfter(before);
          check(appended.length === 0, `appended ${appended.map((event) => `${event.type}@${event.stream}`).join(', ')}`, refusal, answer);
        }),
        { seed: SEED, numRuns: REFUSAL_RUNS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'answers any garbage without a 5xx or a stack; a 4xx appends nothing, and a 2xx appends only what it answers for',
    async () => {
      const arbitrary = fc.oneof(...routes.map((route) => garbageOf(route)));
      await fc.assert(
        fc.asyncProperty(arbitrary, async (request) => {
          const before = await lastPosition();
          const answer = await send(request.sent);
          check(answer.status < 500, 'a 5xx', request, answer);
          check(
            (answer.status >= 200 && answer.status < 300) || (answer.status >= 400 && answer.status < 500),
            'neither 2xx nor 4xx',
            request,
            answer,
          );
          check(!STACK_TRACE.test(answer.body), 'a stack trace in the body', request, answer);
          const appended = await appendedAfter(before);
          if (answer.status >= 400) {
            expectProblem(request.sent, answer);
            check(
              appended.length === 0,
              `a ${answer.status} appended ${appended.map((event) => `${event.type}@${event.stream}`).join(', ')}`,
              request,
              answer,
            );
            return;
          }
          if (request.sent.method === 'GET' || request.sent.method === 'HEAD') {
            // A read of the log (history, export, verification, diff, past state) is recorded, once.
            check(
              appended.length <= 1 && appended.every((event) => event.stream === AUDIT_READS_STREAM),
              `a read appended ${appended.map((event) => `${event.type}@${event.stream}`).join(', ')}`,
              request,
              answer,
            );
            return;
          }
          const commanded =
            request.sent.method === 'POST' && /^\/agreements(\/|\?|$)/.test(request.sent.url)
              ? (JSON.parse(answer.body) as { id?: string; position?: string })
              : undefined;
          // A change to the directory lands in the directory's own stream.
          const directoryStream = /^\/agencies(\/|\?|$)/.test(request.sent.url)
            ? 'directory-agencies'
            : /^\/delegations(\/|\?|$)/.test(request.sent.url)
              ? 'directory-delegations'
              : undefined;
          const stream = directoryStream ?? (commanded?.id === undefined ? undefined : `${AGREEMENT_STREAM_PREFIX}${commanded.id}`);
          check(
            appended.every((event) => event.stream === stream) &&
              (appended.length === 0 || String(appended.at(-1)!.position) === answer.headers['x-event-position']),
            `a ${request.sent.method} appended ${appended.map((event) => `${event.type}@${event.stream}`).join(', ')}, not the command it answers for`,
            request,
            answer,
          );
        }),
        { seed: SEED + 1, numRuns: GARBAGE_RUNS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
