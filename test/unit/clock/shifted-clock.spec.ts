import { shiftedClock } from '../../../src/infrastructure/clock/shifted-clock';

describe('the shifted clock (CLOCK_START)', () => {
  it('starts at the instant given and runs on at the machine’s pace', () => {
    let machine = Date.parse('2026-12-03T06:00:00Z');
    const clock = shiftedClock(new Date('2024-12-31T16:55:00Z'), () => machine);
    expect(clock.now().toISOString()).toBe('2024-12-31T16:55:00.000Z');
    machine += 5 * 60_000 + 1;
    expect(clock.now().toISOString()).toBe('2024-12-31T17:00:00.001Z');
  });
});
