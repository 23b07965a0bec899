/**
 * What a test started (runners, replicas), for its `afterEach` to stop whether the test passed or
 * not: a runner or lock left running keeps Jest's worker alive and leaks into the next test.
 */
export class StartedInTest {
  private readonly running: Array<{ stop(): Promise<void> }> = [];
  private readonly gates: Array<{ open(): void }> = [];

  /** Stops `running` after the test; returns it. */
  track<T extends { stop(): Promise<void> }>(running: T): T {
    this.running.push(running);
    return running;
  }

  /** Opens `gate` after the test, before anything is stopped: work held at a gate could not stop. */
  gate<T extends { open(): void }>(gate: T): T {
    this.gates.push(gate);
    return gate;
  }

  async stopAll(): Promise<void> {
    for (const gate of this.gates.splice(0)) gate.open();
    await Promise.all(this.running.splice(0).map((running) => running.stop()));
  }
}
