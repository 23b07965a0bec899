import { describePostgres } from '../support/postgres';
import { openPostgresReadModel } from '../support/read-models';
import { sseHubSuite } from './sse-hub.suite';

describePostgres('live feeds on PostgreSQL', () => sseHubSuite('PostgreSQL', openPostgresReadModel));
