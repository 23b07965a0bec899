import { openSqliteReadModel } from '../support/read-models';
import { readModelEquivalenceSuite } from './read-model-equivalence.suite';

readModelEquivalenceSuite('SQLite', openSqliteReadModel);
