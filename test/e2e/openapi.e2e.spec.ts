import type { LightMyRequestResponse } from 'fastify';
import {
  activeMou,
  cast,
  draftMou,
  expectStatus,
  LOCATIONS,
  MOU_DRAFT,
  recordSekjenDelegation,
  reviewAndOpenSigning,
  SEKJEN_DELEGATION,
  sha256,
} from '../support/agreement-scenarios';
import { BARITO_KUALA, DINAS_PMD } from '../support/domain/officials';
import { startTestApp, type TestApp } from '../support/test-app';

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  items?: Schema;
}

interface Operation {
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema: Schema }> }>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const SCHEMA_PREFIX = '#/components/schemas/';

/** `AgreementDetailDto`, `InboxItemDto[]`: what a route's answer is, by its schema's name. */
function schemaName(schema: Schema | undefined): string | undefined {
  if (schema?.$ref) return schema.$ref.slice(SCHEMA_PREFIX.length);
  if (schema?.type === 'array' && schema.items?.$ref) return `${schemaName(schema.items)}[]`;
  return undefined;
}

/**
 * Where a value departs from a schema of the document, one line each: keys the schema lacks,
 * required keys missing, values of another type or outside an enum, objects it does not describe.
 * Follows `$ref` and `allOf`.
 */
function departures(schemas: Record<string, Schema>, schema: Schema, value: unknown, at: string): string[] {
  if (schema.$ref) {
    const named = schemas[schema.$ref.slice(SCHEMA_PREFIX.length)];
    return named ? departures(schemas, named, value, at) : [`${at}: ${schema.$ref} is not in the document`];
  }
  if (value === null) return schema.nullable ? [] : [`${at}: null, and the schema is not nullable`];
  if (schema.allOf) return schema.allOf.flatMap((part) => departures(schemas, part, value, at));
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is none of ${schema.enum.join(', ')}`];
  switch (schema.type) {
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((item, index) => departures(schemas, schema.items ?? {}, item, `${at}[${index}]`))
        : [`${at}: not an array`];
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
      const entries = Object.entries(value as Record<string, unknown>);
      const { properties, additionalProperties } = schema;
      if (properties) {
        return [
          ...entries.flatMap(([key, item]) =>
            properties[key] ? departures(schemas, properties[key], item, `${at}.${key}`) : [`${at}.${key}: not in the schema`],
          ),
          ...(schema.required ?? []).filter((key) => !(key in value)).map((key) => `${at}.${key}: required, absent`),
        ];
      }
      if (typeof additionalProperties === 'object')
        return entries.flatMap(([key, item]) => departures(schemas, additionalProperties, item, `${at}.${key}`));
      return [`${at}: an object the schema does not describe`];
    }
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: ${JSON.stringify(value)} is not an integer`];
    case 'number':
    case 'string':
    case 'boolean':
      return typeof value === schema.type ? [] : [`${at}: ${JSON.stringify(value)} is not a ${schema.type}`];
    default:
      return [`${at}: the schema gives no type`];
  }
}

describe('GET /docs', () => {
  let service: TestApp;
  let document: OpenApiDocument;

  beforeAll(async () => {
    service = await startTestApp();
    document = (await service.app.inject({ method: 'GET', url: '/docs-json' })).json<OpenApiDocument>();
  });

  afterAll(async () => {
    await service.close();
  });

  it('serves the OpenAPI document generated from the DTOs, without a token', async () => {
    const response = await service.app.inject({ method: 'GET', url: '/docs-json' });

    expect(response.statusCode).toBe(200);
    const served = response.json<OpenApiDocument>();
    expect(Object.keys(served.paths)).toEqual(
      expect.arrayContaining([
        '/agreements',
        '/agreements/{id}/actions/{action}',
        '/agreements/{id}/state',
        '/workflows',
        '/workflows/{name}/{version}',
      ]),
    );
    expect(Object.keys(served.components.schemas.DraftAgreementDto.properties!)).toEqual(
      expect.arrayContaining(['kind', 'title', 'parties', 'term', 'parentId']),
    );
    expect(served.components.schemas.SignBody).toBeDefined();
  });

  it('serves the API explorer page with a policy that lets it load its own assets', async () => {
    const page = await service.app.inject({ method: 'GET', url: '/docs' });

    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  describe('the answers the web app generates its client from', () => {
    /** The routes the web app calls, and the schema (by name) of their success. */
    const ROUTES = {
      'GET /me 200': 'MeDto',
      'GET /agreements 200': 'AgreementPageDto',
      'GET /agreements/{id} 200': 'AgreementDetailDto',
      'GET /agreements/{id}/state 200': 'AgreementStateDto',
      'POST /agreements 201': 'CommandResultDto',
      'POST /agreements/{id}/actions/{action} 200': 'CommandResultDto',
      'GET /inbox 200': 'InboxItemDto[]',
      'GET /inbox/counts 200': 'InboxCountsDto',
      'POST /events/tickets 201': 'StreamTicketDto',
      'GET /workflows 200': 'WorkflowSummaryDto[]',
      'GET /workflows/{name}/{version} 200': 'WorkflowDescriptionDto',
      'GET /agencies 200': 'AgencyViewDto[]',
      'GET /agencies/{id} 200': 'AgencyViewDto',
      'GET /delegations 200': 'DelegationViewDto[]',
      'GET /delegations/{id} 200': 'DelegationViewDto',
      'GET /dashboard/summary 200': 'DashboardSummaryDto',
    };
    const operation = (method: string, path: string) => document.paths[path]?.[method.toLowerCase()];

    /** How a real answer departs from what the document says that route answers with that status. */
    const answerDepartures = (method: string, path: string, response: LightMyRequestResponse): string[] => {
      const mediaType = String(response.headers['content-type']).split(';')[0];
      const declared = operation(method, path)?.responses[String(response.statusCode)]?.content?.[mediaType]?.schema;
      if (!declared) return [`${method} ${path} is not documented to answer ${response.statusCode} ${mediaType}`];
      return departures(document.components.schemas, declared, response.json(), `${method} ${path} ${response.statusCode}`);
    };

    it('names the schema of each route’s answer, and its refusals as problem documents', () => {
      const named = Object.fromEntries(
        Object.keys(ROUTES).map((route) => {
          const [method, path, status] = route.split(' ') as [string, string, string];
          return [route, schemaName(operation(method, path)?.responses[status]?.content?.['application/json']?.schema)];
        }),
      );

      expect(named).toEqual(ROUTES);
      for (const route of Object.keys(ROUTES)) {
        const [method, path] = route.split(' ') as [string, string];
        const refusals = Object.entries(operation(method, path).responses).filter(
          ([status]) => status.startsWith('4') || status.startsWith('5'),
        );
        expect({ route, statuses: refusals.map(([status]) => status) }).toEqual({
          route,
          statuses: expect.arrayContaining(['400', '401', '429']),
        });
        for (const [, response] of refusals)
          expect(schemaName(response.content?.['application/problem+json']?.schema)).toBe('ProblemDetailsDto');
      }
      for (const route of ['POST /agreements 201', 'POST /agreements/{id}/actions/{action} 200']) {
        const [method, path, status] = route.split(' ') as [string, string, string];
        expect(Object.keys(operation(method, path).responses[status].headers ?? {})).toEqual(
          expect.arrayContaining(['ETag', 'X-Event-Position']),
        );
      }
    });

    it('names the nested schemas the web app refers to, and every schema a $ref names', () => {
      const names = Object.keys(document.components.schemas);
      const referenced = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(([, name]) => name);

      expect(names).toEqual(
        expect.arrayContaining([
          'AgreementSummaryDto',
          'ProblemDetailsDto',
          'StateDescriptionDto',
          'TransitionDescriptionDto',
          'ActionDescriptionDto',
          'ActionPolicyDto',
          'ActionBodyDto',
          'BodyFieldDescriptionDto',
        ]),
      );
      expect(referenced.filter((name) => !names.includes(name))).toEqual([]);
    });

    it('describes every key of real answers: agreements at every stage, pages, inbox, workflows, directory, dashboard and refusals', async () => {
      const people = await cast(service);
      const answers: Array<[string, string, LightMyRequestResponse]> = [];
      /** Runs a request whose answer the document must describe; returns the answer. */
      const check = async (method: string, path: string, request: Promise<LightMyRequestResponse>) => {
        const response = await request;
        answers.push([method, path, response]);
        return response;
      };
      const act = async (caller: (typeof people)[keyof typeof people], id: string, action: string, body: object = {}) => {
        const response = await check('POST', '/agreements/{id}/actions/{action}', caller.act(id, action, body));
        expectStatus(response, 200);
        return response;
      };

      // Version 2 at nearly every step: a DPRD decision, changes requested, a delegated signature,
      // numbers, locations, a report, a PKS under it, then an amendment under way.
      await recordSekjenDelegation(people);
      const drafted = {
        ...MOU_DRAFT,
        parties: [MOU_DRAFT.parties[0], { ...MOU_DRAFT.parties[1], dprdApprovalRequired: true }],
        term: { ...MOU_DRAFT.term, reportingPeriodMonths: 6 },
      };
      const { id, draftHash } = await draftMou(people, drafted);
      await act(people.baritoCoordinator, id, 'record-dprd-approval', {
        number: '12/DPRD/2020',
        date: '2020-02-20',
        documentHash: sha256('dprd'),
      });
      await act(people.kemendesDrafter, id, 'submit-for-review');
      await act(people.baritoReviewer, id, 'request-changes', { reason: 'Lokus belum jelas' });
      await reviewAndOpenSigning(people, id, draftHash);
      await act(people.kemendesSignatory, id, 'sign', {
        documentHash: draftHash,
        signatoryName: 'Anwar Sanusi',
        capacity: 'DELEGATED',
        delegationRef: SEKJEN_DELEGATION.referenceNumber,
      });
      await act(people.baritoSignatory, id, 'sign', { documentHash: draftHash, signatoryName: 'Hj. Noormiliyani AS' });
      await act(people.kemendesCoordinator, id, 'activate', { effectiveDate: '2020-03-10' });
      await act(people.kemendesRecords, id, 'assign-registry-number', { number: '01/NK/BLM/III/2020', date: '2020-03-10' });
      await act(people.kemendesCoordinator, id, 'propose-locations', { locations: LOCATIONS });
      await act(people.kemendesCoordinator, id, 'confirm-locations');
      await act(people.baritoCoordinator, id, 'confirm-locations');
      await act(people.kemendesCoordinator, id, 'file-report', {
        period: '2020-S1',
        documentHash: sha256('laporan S1'),
        summary: 'Pelatihan aparatur desa',
      });
      const pks = await check(
        'POST',
        '/agreements',
        people.kemendesDrafter.post('/agreements', {
          ...MOU_DRAFT,
          kind: 'PERJANJIAN_KERJA_SAMA',
          parentId: id,
          title: 'PKS Desa Percontohan',
        }),
      );
      expectStatus(pks, 201);
      await act(people.kemendesCoordinator, id, 'propose-amendment', {
        summary: 'Penambahan lokus Kecamatan Tabukan',
        documentHash: sha256('adendum'),
      });
      const { id: terminating } = await activeMou(people);
      await act(people.kemendesCoordinator, terminating, 'give-termination-notice', {
        reason: 'Program selesai',
        effectiveDate: '2099-12-31',
      });
      const { id: withdrawn } = await draftMou(people);
      const last = await act(people.kemendesDrafter, withdrawn, 'withdraw', { reason: 'Batal' });
      const after = `minPosition=${last.headers['x-event-position'] as string}`;

      // The directory with a unit and a revoked delegation.
      await check(
        'POST',
        '/agencies',
        people.admin.post('/agencies', {
          id: DINAS_PMD,
          name: 'Dinas PMD Barito Kuala',
          level: 'DINAS_ATAU_UNIT',
          parentId: BARITO_KUALA,
          timeZone: 'Asia/Makassar',
        }),
      );
      await check(
        'POST',
        '/delegations',
        people.admin.post('/delegations', { ...SEKJEN_DELEGATION, id: 'sk-menteri-13-2020', referenceNumber: 'SK Menteri 13/2020' }),
      );
      await check('POST', '/delegations/{id}/revoke', people.admin.post('/delegations/sk-menteri-13-2020/revoke', { reason: 'Diganti' }));

      for (const agreement of [id, terminating, withdrawn, pks.json<{ id: string }>().id]) {
        expectStatus(await check('GET', '/agreements/{id}', people.kemendesCoordinator.get(`/agreements/${agreement}?${after}`)), 200);
      }
      expect((await people.auditor.get(`/agreements/${id}`)).json()).toMatchObject({
        state: 'amending',
        agreement: { amendment: {}, fixedLocations: [{}, {}], dprdApprovals: {} },
      });
      await check('GET', '/agreements/{id}/state', people.kemendesCoordinator.get(`/agreements/${id}/state`));
      await check('GET', '/agreements/{id}/state', people.auditor.get(`/agreements/${id}/state?revision=3`));
      expect((await check('GET', '/agreements', people.auditor.get(`/agreements?limit=3&${after}`))).json()).toMatchObject({
        next: expect.any(String),
      });
      await check('GET', '/agreements', people.kemendesDrafter.get(`/agreements?${after}`));
      for (const caller of [people.kemendesReviewer, people.baritoRecords, people.baritoCoordinator]) {
        expect((await check('GET', '/inbox', caller.get(`/inbox?${after}`))).json<unknown[]>().length).toBeGreaterThan(0);
        await check('GET', '/inbox/counts', caller.get(`/inbox/counts?${after}`));
      }
      for (const { name, version } of (await check('GET', '/workflows', people.kemendesDrafter.get('/workflows'))).json<
        Array<{ name: string; version: number }>
      >()) {
        await check('GET', '/workflows/{name}/{version}', people.kemendesDrafter.get(`/workflows/${name}/${version}`));
      }
      await check('GET', '/me', people.kemendesSignatory.get('/me'));
      await check('POST', '/events/tickets', people.kemendesSignatory.post('/events/tickets'));
      await check('GET', '/agencies', people.kemendesDrafter.get('/agencies'));
      await check('GET', '/agencies/{id}', people.kemendesDrafter.get(`/agencies/${DINAS_PMD}`));
      await check('GET', '/delegations', people.auditor.get('/delegations'));
      await check('GET', '/delegations/{id}', people.auditor.get('/delegations/sk-menteri-13-2020'));
      await check('GET', '/dashboard/summary', people.auditor.get(`/dashboard/summary?${after}`));
      // Refusals: a field problem, none such, a state that does not offer the action, a stale ETag, a rule.
      await check('GET', '/agreements', people.auditor.get('/agreements?limit=0'));
      await check('GET', '/agreements/{id}', people.auditor.get('/agreements/00000000-0000-4000-8000-000000000000'));
      await check('POST', '/agreements/{id}/actions/{action}', people.kemendesDrafter.act(withdrawn, 'submit-for-review'));
      await check(
        'POST',
        '/agreements/{id}/actions/{action}',
        people.kemendesCoordinator.act(terminating, 'renew', { newEndDate: '2030-12-31' }, { headers: { 'if-match': '"1"' } }),
      );
      await check('POST', '/agreements/{id}/actions/{action}', people.kemendesCoordinator.act(terminating, 'terminate'));

      expect(answers.map(([, , response]) => response.statusCode)).toEqual(expect.arrayContaining([400, 404, 409, 412, 422]));
      expect(answers.flatMap(([method, path, response]) => answerDepartures(method, path, response))).toEqual([]);
    });
  });
});
