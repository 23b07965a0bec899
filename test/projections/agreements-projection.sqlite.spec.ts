import { openSqliteReadModel } from '../support/read-models';
import { agreementsProjectionSuite } from './agreements-projection.suite';

agreementsProjectionSuite('SQLite', openSqliteReadModel);
