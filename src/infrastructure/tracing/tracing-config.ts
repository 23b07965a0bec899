/** Whether traces are exported: on when the standard variables ask for an exporter (README "Traces"). */
export interface TracingConfig {
  readonly export: boolean;
}

/**
 * Whether the OTEL_* variables ask for traces: `OTEL_TRACES_EXPORTER` names an exporter other than
 * `none`, or an OTLP endpoint is set; `OTEL_SDK_DISABLED=true` turns it all off. Nothing set: no
 * SDK, and every span is a no-op.
 */
export function tracingRequested(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (exporters.length > 0) return exporters.some((name) => name !== 'none');
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}
