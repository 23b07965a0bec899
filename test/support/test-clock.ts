/** A clock the test moves: commands and the scheduler read it (the service's own timers keep real time). */
export class TestClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current);
  set(instant: string): void {
    this.current = new Date(instant);
  }
}
