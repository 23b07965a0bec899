import { openSqliteReadModel } from '../support/read-models';
import { sseHubSuite } from './sse-hub.suite';

sseHubSuite('SQLite', openSqliteReadModel);
