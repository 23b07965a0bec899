import { startTestApp, type TestApp } from '../support/test-app';

describe('GET /health', () => {
  let service: TestApp;

  beforeAll(async () => {
    service = await startTestApp();
  });

  afterAll(async () => {
    await service.close();
  });

  it('answers without a token with the state of the event store', async () => {
    const response = await service.app.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up', headPosition: null } } });
  });

  it('answers an unknown route with a problem document', async () => {
    const response = await service.app.inject({ method: 'GET', url: '/no-such-route' });

    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });
});
