/**
 * Injection token of the {@link Metrics} port: what the HTTP layer and the live feed report for
 * operators (`GET /metrics`). The domain and the command handlers report nothing themselves: the
 * adapters around them do (the HTTP hook, the command interceptor, the store's decorator).
 */
export const METRICS = Symbol('Metrics');

/** How a command ended, as operators count it. */
export type CommandOutcome = 'accepted' | 'refused' | 'denied' | 'invalid' | 'not-found' | 'conflict' | 'unavailable' | 'error';

export interface Metrics {
  /** The exposition in Prometheus' text format, gathered now. */
  exposition(): Promise<{ readonly contentType: string; readonly body: string }>;
  /** One HTTP request answered: `route` is the route's pattern (`/agreements/:id`), never the raw path. */
  httpRequest(method: string, route: string, status: number, seconds: number): void;
  /** One command (a draft or an action) answered; `rule` names the business rule that refused it. */
  command(workflow: string, action: string, outcome: CommandOutcome, rule: string | undefined): void;
  /** Live-feed clients connected now, and frames written to them. */
  sseClients(count: number): void;
  sseFramesSent(count: number): void;
}
