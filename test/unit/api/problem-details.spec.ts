import { BadRequestException, type ArgumentsHost } from '@nestjs/common';
import { ProblemDetailsFilter } from '../../../src/api/problem-details/problem-details.filter';
import { InvalidTextError } from '../../../src/application/errors';
import { ReadModelBehindError, ReadModelStuckError } from '../../../src/application/read-models/read-your-writes';

/** Runs the filter on an exception; returns the status, headers and body it answered with. */
function answer(exception: unknown) {
  const sent: { status?: number; headers: Record<string, string>; body?: Record<string, unknown> } = { headers: {} };
  const reply = {
    status: (status: number) => ((sent.status = status), reply),
    header: (name: string, value: string) => ((sent.headers[name] = value), reply),
    send: (body: Record<string, unknown>) => ((sent.body = body), reply),
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({ method: 'GET', url: '/x' }) }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return sent;
}

describe('problems of the refusals added for issue 13', () => {
  it('answers text the domain refused as invalid input: 400, the message in errors, the field named', () => {
    const sent = answer(
      new InvalidTextError(
        'parties.1.name',
        'parties.1.name must not contain a control character (U+0000): it is a single line of plain text',
      ),
    );
    expect(sent.status).toBe(400);
    expect(sent.body).toEqual({
      type: 'urn:sepakat:problem:bad-request',
      title: 'Bad Request',
      status: 400,
      detail: 'parties.1.name must not contain a control character (U+0000): it is a single line of plain text',
      errors: ['parties.1.name must not contain a control character (U+0000): it is a single line of plain text'],
      field: 'parties.1.name',
    });
  });

  it('answers a read of a stuck read model 503 projection-stuck, naming the projection, without Retry-After', () => {
    const sent = answer(new ReadModelStuckError('agreements@v1'));
    expect(sent.status).toBe(503);
    expect(sent.headers['retry-after']).toBeUndefined();
    expect(sent.body).toMatchObject({
      type: 'urn:sepakat:problem:projection-stuck',
      title: 'Service Unavailable',
      status: 503,
      projection: 'agreements@v1',
    });
    expect(sent.body!.detail).toMatch(/^The read model agreements@v1 has stopped on a stored event/);
  });

  it('still answers a read model that is only behind 503 with Retry-After', () => {
    const sent = answer(new ReadModelBehindError(12n));
    expect(sent).toMatchObject({ status: 503, headers: { 'retry-after': '1' }, body: { type: 'urn:sepakat:problem:service-unavailable' } });
  });

  it('gives a 400 that lists field problems a detail too: the first problem, and how many more errors holds', () => {
    const one = answer(new BadRequestException(['property toString should not exist']));
    expect(one.body).toEqual({
      type: 'urn:sepakat:problem:bad-request',
      title: 'Bad Request',
      status: 400,
      detail: 'property toString should not exist',
      errors: ['property toString should not exist'],
    });
    const three = answer(
      new BadRequestException(['kind must be one of the following values', 'title must be a string', 'term must be an object']),
    );
    expect(three.body).toMatchObject({
      detail: 'kind must be one of the following values (and 2 more: see errors)',
      errors: expect.arrayContaining(['title must be a string']),
    });
  });
});
