import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AgreementReadsController } from './api/agreements/agreement-reads.controller';
import { ParentCandidatesController } from './api/agreements/parent-candidates.controller';
import { AgreementsController } from './api/agreements/agreements.controller';
import { AgreementAuditController } from './api/audit/agreement-audit.controller';
import { StoreVerificationController } from './api/audit/store-verification.controller';
import { AuthGuard } from './api/auth/auth.guard';
import { SignInController } from './api/auth/sign-in.controller';
import { WorkflowsController } from './api/workflows/workflows.controller';
import { DirectoryController } from './api/directory/directory.controller';
import { AGREEMENT_PROVIDERS } from './application/agreements';
import { AUDIT_PROVIDERS } from './application/audit';
import {
  DEFAULT_STORE_VERIFICATION_PACING,
  STORE_VERIFICATION_PACING,
  type StoreVerificationPacing,
} from './application/audit/store-verification-runs';
import { DIRECTORY_PROVIDERS } from './application/directory/directory.use-cases';
import { GetAgreementHandler } from './application/read-models/get-agreement.query';
import { GetInboxCountsHandler, GetInboxHandler } from './application/read-models/inbox.query';
import { GetDashboardSummaryHandler } from './application/read-models/dashboard-summary.query';
import { ListAgreementsHandler } from './application/read-models/list-agreements.query';
import { ListParentCandidatesHandler } from './application/read-models/parent-candidates.query';
import { CLOCK, type Clock } from './application/ports/clock.port';
import { SignInLinks } from './application/identity/sign-in-links';
import { PAGE_CURSORS } from './application/ports/page-cursors.port';
import { MeController } from './api/identity/me.controller';
import { InboxController } from './api/inbox/inbox.controller';
import { DashboardController } from './api/dashboard/dashboard.controller';
import { EventsController } from './api/events/events.controller';
import { SseHub } from './api/events/sse-hub';
import { AgreementChanges } from './application/read-models/agreement-changes';
import { StreamTickets } from './application/read-models/stream-tickets';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './api/health/health.controller';
import { ProblemDetailsFilter } from './api/problem-details/problem-details.filter';
import type { AppConfig } from './infrastructure/config/app-config';
import { READINESS } from './api/health/health.controller';
import { METRICS_ACCESS, MetricsController } from './api/metrics/metrics.controller';
import { ProblemTypesController } from './api/problem-details/problem-types.controller';
import { METRICS } from './application/ports/metrics.port';
import { REQUEST_CONTEXT } from './application/ports/request-context.port';
import { STREAM_TICKET_KEY } from './application/ports/ticket-nonces.port';
import { RequestScope } from './infrastructure/logging/request-scope';
import type { DestinationStream } from 'pino';
import { MetricsWatch } from './infrastructure/metrics/metrics-watch';
import { PrometheusMetrics } from './infrastructure/metrics/prometheus-metrics';
import { TracingModule } from './infrastructure/tracing/tracing.module';
import { AuthModule } from './infrastructure/auth/auth.module';
import { shiftedClock } from './infrastructure/clock/shifted-clock';
import { systemClock } from './infrastructure/clock/system-clock';
import { SchedulerLoop, SCHEDULER_LEADERSHIP_KEY } from './infrastructure/scheduler/scheduler-loop';
import { DEADLINE_SCHEDULER_OPTIONS, DeadlineScheduler } from './application/scheduler/deadline-scheduler';
import { STEP_OVERDUE_DAYS } from './application/scheduler/step-overdue';
import { hmacPageCursors, pageCursorKey, streamTicketKey } from './infrastructure/cursors/hmac-page-cursors';
import { EventStoreModule } from './infrastructure/event-store/event-store.module';
import { NotificationsController } from './api/notifications/notifications.controller';
import { NotificationSettings } from './application/notifications/notification-settings';
import { NOTIFICATION_CHANNELS_ENABLED, NOTIFICATION_STORE, WEBHOOK_URL_CHECK } from './application/ports/notifications.port';
import { DeliveryWorker, NOTIFICATIONS_LEADERSHIP_KEY } from './infrastructure/notifications/delivery-worker';
import { EmailSender } from './infrastructure/notifications/email-sender';
import type { KyselyNotificationStore } from './infrastructure/notifications/kysely-notification-store';
import { WebhookSender } from './infrastructure/notifications/webhook-sender';
import { WebhookUrlPolicy } from './infrastructure/notifications/webhook-url-policy';
import { leadershipOf, ReadModelModule } from './infrastructure/read-models/read-model.module';
import type { AgreementsTablesV2 } from './projections/agreements/agreements.tables';
import type { Projection } from './projections/projection';

/** Replacements for tests and benchmarks (a clock they control, projection versions they break or fix). */
export interface AppOverrides {
  readonly clock?: Clock;
  /** The versions of the agreements projection, oldest first (default `AGREEMENTS_PROJECTION_VERSIONS`). */
  readonly agreementsProjectionVersions?: readonly Projection<AgreementsTablesV2>[];
  /** How often whole-store verifications report and pause (slowed down to catch a run mid-way). */
  readonly storeVerificationPacing?: StoreVerificationPacing;
  /** Where the JSON log lines go (default stdout): the tests read them. */
  readonly logDestination?: DestinationStream;
}

/** The composition root: wires adapters to ports from a validated configuration. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, overrides: AppOverrides = {}): DynamicModule {
    const metrics = new PrometheusMetrics();
    const requestScope = new RequestScope();
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        TerminusModule.forRoot({ logger: false }),
        EventStoreModule.forRoot(config.eventStore, metrics),
        ReadModelModule.forRoot(config.readModel, overrides.agreementsProjectionVersions),
        AuthModule.forRoot(config),
        TracingModule.forRoot(config.tracing),
      ],
      controllers: [
        HealthController,
        MetricsController,
        ProblemTypesController,
        SignInController,
        MeController,
        AgreementsController,
        ParentCandidatesController,
        AgreementReadsController,
        AgreementAuditController,
        StoreVerificationController,
        InboxController,
        DashboardController,
        EventsController,
        WorkflowsController,
        DirectoryController,
        NotificationsController,
      ],
      providers: [
        ...AGREEMENT_PROVIDERS,
        ...AUDIT_PROVIDERS,
        ...DIRECTORY_PROVIDERS,
        ListAgreementsHandler,
        ListParentCandidatesHandler,
        GetAgreementHandler,
        GetInboxHandler,
        GetInboxCountsHandler,
        GetDashboardSummaryHandler,
        AgreementChanges,
        SseHub,
        StreamTickets,
        SignInLinks,
        { provide: CLOCK, useValue: overrides.clock ?? (config.clockStart ? shiftedClock(config.clockStart) : systemClock) },
        DeadlineScheduler,
        { provide: DEADLINE_SCHEDULER_OPTIONS, useValue: { reminderLeadDays: config.scheduler.reminderLeadDays } },
        { provide: STEP_OVERDUE_DAYS, useValue: config.scheduler.stepOverdueDays },
        {
          provide: SchedulerLoop,
          inject: [DeadlineScheduler],
          useFactory: (scheduler: DeadlineScheduler) =>
            new SchedulerLoop(scheduler, leadershipOf(config.readModel, SCHEDULER_LEADERSHIP_KEY), config.scheduler.intervalMs, metrics),
        },
        NotificationSettings,
        { provide: WebhookUrlPolicy, useValue: new WebhookUrlPolicy({ allowLoopback: config.notifications.allowLoopback }) },
        { provide: WEBHOOK_URL_CHECK, useExisting: WebhookUrlPolicy },
        { provide: NOTIFICATION_CHANNELS_ENABLED, useValue: { email: config.notifications.smtpUrl !== undefined } },
        {
          provide: DeliveryWorker,
          inject: [NOTIFICATION_STORE, WebhookUrlPolicy],
          useFactory: (store: KyselyNotificationStore, policy: WebhookUrlPolicy) => {
            const { notifications } = config;
            return new DeliveryWorker(
              store,
              leadershipOf(config.readModel, NOTIFICATIONS_LEADERSHIP_KEY),
              {
                webhook: new WebhookSender(policy, {
                  timeoutMs: notifications.webhookTimeoutMs,
                  socketsPerHost: notifications.concurrency,
                }),
                ...(notifications.smtpUrl === undefined
                  ? {}
                  : {
                      email: new EmailSender({
                        url: notifications.smtpUrl,
                        from: notifications.emailFrom,
                        timeoutMs: notifications.webhookTimeoutMs,
                        ...(notifications.publicUrl === undefined ? {} : { publicUrl: notifications.publicUrl }),
                      }),
                    }),
              },
              notifications,
              metrics,
            );
          },
        },
        { provide: READINESS, useValue: config.readiness },
        { provide: METRICS, useValue: metrics },
        { provide: RequestScope, useValue: requestScope },
        { provide: REQUEST_CONTEXT, useValue: requestScope },
        { provide: METRICS_ACCESS, useValue: config.metrics },
        { provide: PrometheusMetrics, useValue: metrics },
        MetricsWatch,
        { provide: STORE_VERIFICATION_PACING, useValue: overrides.storeVerificationPacing ?? DEFAULT_STORE_VERIFICATION_PACING },
        { provide: PAGE_CURSORS, useFactory: () => hmacPageCursors(pageCursorKey(config)) },
        { provide: STREAM_TICKET_KEY, useFactory: () => streamTicketKey(config) },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
