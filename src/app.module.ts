import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './api/auth/auth.guard';
import { MeController } from './api/identity/me.controller';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './api/health/health.controller';
import { ProblemDetailsFilter } from './api/problem-details/problem-details.filter';
import type { AppConfig } from './infrastructure/config/app-config';
import { AuthModule } from './infrastructure/auth/auth.module';
import { EventStoreModule } from './infrastructure/event-store/event-store.module';

/** The composition root: wires adapters to ports from a validated configuration. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        EventStoreModule.forRoot(config.eventStore),
        AuthModule.forRoot(config),
      ],
      controllers: [HealthController, MeController],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
