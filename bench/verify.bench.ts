/**
 * Verification speed: one agreement of 10,000 events (hash chain + replay + policy, as
 * `GET /agreements/:id/verify` does it) and the whole-store check over 100,000 events in 200
 * agreements (`npm run verify`), each against a plain read of the same events in the same run.
 */
import { AgreementVerifier } from '../src/application/audit/agreement-verifier';
import { derivedUuid } from '../src/application/agreements/agreement-stream';
import { SqliteEventStore } from '../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { verifyStore } from '../src/application/audit/store-verification';
import { writeAgreement } from '../test/support/domain/generated-agreements';
import { temporaryDirectory } from '../test/support/temporary-directory';
import { markdownTable, nowMs } from './support';

export async function benchVerify(): Promise<string> {
  const directory = await temporaryDirectory('sepakat-bench-');
  const store = new SqliteEventStore({ filename: directory.file('events.db'), synchronous: 'normal' });
  try {
    const long = '00000000-0000-4000-8000-000000010000';
    await writeAgreement(store, long, 10_000);
    for (let i = 0; i < 200; i += 1) await writeAgreement(store, derivedUuid('bench', String(i)), 500);

    let started = nowMs();
    let read = 0;
    for await (const _ of store.readStream(`agreement-${long}`)) read += 1;
    const readSeconds = (nowMs() - started) / 1000;
    started = nowMs();
    const verifier = new AgreementVerifier(`agreement-${long}`);
    for await (const event of store.readStream(`agreement-${long}`)) verifier.push(event);
    const verifySeconds = (nowMs() - started) / 1000;
    const single = verifier.result();
    if (!single.valid || single.checkedEvents !== read) throw new Error(`the benchmark stream does not verify: ${JSON.stringify(single)}`);

    started = nowMs();
    let all = 0;
    for await (const _ of store.readAll()) all += 1;
    const readAllSeconds = (nowMs() - started) / 1000;
    started = nowMs();
    const whole = await verifyStore(store);
    const wholeSeconds = (nowMs() - started) / 1000;
    if (whole.broken.length > 0) throw new Error('the benchmark store does not verify');

    return markdownTable(
      ['check', 'events', 'plain read (baseline)', 'verified (chain + replay + policy)', 'time vs plain read'],
      [
        [
          'one agreement (`/verify`)',
          String(read),
          `${readSeconds.toFixed(3)} s`,
          `**${verifySeconds.toFixed(3)} s** (${Math.round(read / verifySeconds)} events/s)`,
          `${(verifySeconds / readSeconds).toFixed(1)}×`,
        ],
        [
          'whole store (`npm run verify`)',
          String(whole.events),
          `${readAllSeconds.toFixed(3)} s`,
          `**${wholeSeconds.toFixed(2)} s** (${Math.round(all / wholeSeconds)} events/s, ${whole.streams} agreements)`,
          `${(wholeSeconds / readAllSeconds).toFixed(1)}×`,
        ],
      ],
    );
  } finally {
    await store.close();
    await directory.remove();
  }
}
