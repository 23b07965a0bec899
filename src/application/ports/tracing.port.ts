/** Injection token of the {@link Tracing} port. */
export const TRACING = Symbol('Tracing');

/** What a span may say of the work it times: ids, names and counts, never a token or a body. */
export type TraceAttributes = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Spans around the steps of a command (README "Traces"), without the application knowing which
 * tracer records them. With tracing off, `span` only runs the work.
 */
export interface Tracing {
  /**
   * Runs `work` inside a span named `name`, a child of the current span, and ends the span when
   * the work returns or settles; an error marks the span failed and is passed on unchanged.
   */
  span<T>(name: string, attributes: TraceAttributes, work: () => T): T;
}

/** The port's stand-in where no tracer is provided (handlers built by hand in tests, the CLIs). */
export const UNTRACED: Tracing = { span: (_name, _attributes, work) => work() };
