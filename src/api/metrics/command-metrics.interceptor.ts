import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { catchError, tap, type Observable } from 'rxjs';
import { AGREEMENT_READ_MODEL, type AgreementReadModel } from '../../application/ports/agreement-read-model.port';
import { METRICS, type CommandOutcome, type Metrics } from '../../application/ports/metrics.port';
import { ACTION_BODIES } from '../agreements/dto/action-bodies.dto';

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
  const status = (error as { getStatus?: () => number })?.getStatus?.();
  if (status === 404) return { outcome: 'not-found', rule: undefined };
  if (status === 503) return { outcome: 'unavailable', rule: undefined };
  if (name === 'StreamRevisionConflictError') return { outcome: 'conflict', rule: undefined };
  // A rule's name is the domain's own (a closed set), never the caller's text.
  if (kind === 'business-rule') return { outcome: 'refused', rule: rule && /^[a-z][a-z0-9-]{0,63}$/.test(rule) ? rule : 'other' };
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
    // A label takes only the workflows' own action names: a path naming anything else is `other`
    // (a caller must not be able to make a new series per request).
    const named = request.params.action;
    const action = named === undefined ? 'draft' : Object.hasOwn(ACTION_BODIES, named) ? named : 'other';
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
