import { IdempotencyKeyReusedError } from '../../../src/application/errors';
import { assertSameRequest, requestFingerprint } from '../../../src/application/event-store/request-fingerprint';

describe('the request fingerprint of an Idempotency-Key', () => {
  it('is the SHA-256 of the canonical JSON of the input: key order does not count, values do', () => {
    const fingerprint = requestFingerprint({ title: 'A', term: { startDate: '2020-01-01', endDate: '2021-01-01' } });

    expect(fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(requestFingerprint({ term: { endDate: '2021-01-01', startDate: '2020-01-01' }, title: 'A' })).toBe(fingerprint);
    expect(requestFingerprint({ title: 'B', term: { startDate: '2020-01-01', endDate: '2021-01-01' } })).not.toBe(fingerprint);
    // sha256("{}") in hex: the rule can be checked with any SHA-256 tool.
    expect(requestFingerprint({})).toBe('sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });

  it('answers the same body, refuses another, and lets a command stored without a fingerprint answer any', () => {
    const fingerprint = requestFingerprint({ reason: 'x' });

    expect(() => assertSameRequest({ requestFingerprint: fingerprint }, fingerprint)).not.toThrow();
    expect(() => assertSameRequest({ requestFingerprint: requestFingerprint({ reason: 'y' }) }, fingerprint)).toThrow(
      IdempotencyKeyReusedError,
    );
    expect(() => assertSameRequest({ commandId: 'stored-before-fingerprints' }, fingerprint)).not.toThrow();
  });
});
