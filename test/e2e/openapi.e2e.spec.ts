import { startTestApp, type TestApp } from '../support/test-app';

describe('GET /docs', () => {
  let service: TestApp;

  beforeAll(async () => {
    service = await startTestApp();
  });

  afterAll(async () => {
    await service.close();
  });

  it('serves the OpenAPI document generated from the DTOs, without a token', async () => {
    const response = await service.app.inject({ method: 'GET', url: '/docs-json' });

    expect(response.statusCode).toBe(200);
    const document = response.json<{ paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }>();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/agreements', '/agreements/{id}/actions/{action}', '/agreements/{id}/state', '/workflows', '/workflows/{name}/{version}']),
    );
    expect(Object.keys(document.components.schemas.DraftAgreementDto!.properties!)).toEqual(
      expect.arrayContaining(['kind', 'title', 'parties', 'term', 'parentId']),
    );
    expect(document.components.schemas.SignBody).toBeDefined();
  });

  it('serves the API explorer page with a policy that lets it load its own assets', async () => {
    const page = await service.app.inject({ method: 'GET', url: '/docs' });

    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });
});
