import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { catchError, tap, type Observable } from 'rxjs';
import { AGREEMENT_READ_MODEL, type AgreementReadModel } from '../../application/ports/agreement-read-model.port';
import { METRICS, type CommandOutcome, type Metrics } from '../../application/ports/metrics.port';

/** How a refusal counts, by the error's kind (the same kinds the problem details map to statuses). */
const OUTCOMES: Record<string, CommandOutcome> = {
  'business-rule': 'refused',
  'invalid-state': 'refused',
  'access-denied': 'denied',
  'invalid-text': 'invalid',
  'invalid-input': 'invalid',
  'unknown-action': 'invalid',
  'not-found': 'not-found',
  'precondition-failed': 'conflict',
  'not-ready': 'unavailable',
};

function outcomeOf(error: unknown): { outcome: CommandOutcome; rule: string | undefined } {
  const { kind, rule, name } = (error ?? {}) as { kind?: string; rule?: string; name?: string };
  if (name === 'StreamRevisionConflictError') return { outcome: 'conflict', rule: undefined };
  if (kind === 'business-rule') return { outcome: 'refused', rule };
  if (kind === 'invalid-state') return { outcome: 'refused', rule: 'invalid-state' };
  return { outcome: (kind && OUTCOMES[kind]) || ((error as { status?: number })?.status === 400 ? 'invalid' : 'error'), rule: undefined };
}

/**
 * Counts the commands (a draft, an action) by workflow, action and outcome. The answer names the
 * workflow; for a refusal it is looked up in the read model after the answer has gone.
 */
@Injectable()
export class CommandMetricsInterceptor implements NestInterceptor {
  constructor(
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(AGREEMENT_READ_MODEL) private readonly readModel: AgreementReadModel,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest<{ Params: { id?: string; action?: string } }>>();
    const action = request.params.action ?? 'draft';
    return next.handle().pipe(
      tap((result) => {
        const workflow = (result as { workflow?: { name: string; version: number } } | undefined)?.workflow;
        this.metrics.command(workflow ? `${workflow.name}@${workflow.version}` : 'unknown', action, 'accepted', undefined);
      }),
      catchError((error: unknown) => {
        const { outcome, rule } = outcomeOf(error);
        const id = request.params.id;
        const record = (workflow: string) => this.metrics.command(workflow, action, outcome, rule);
        if (id === undefined) record('unknown');
        else
          void this.readModel.get(id.toLowerCase()).then(
            (agreement) => record(agreement?.workflow ?? 'unknown'),
            () => record('unknown'),
          );
        throw error;
      }),
    );
  }
}
