import { describePostgres } from '../support/postgres';
import { openPostgresReadModel } from '../support/read-models';
import { readModelEquivalenceSuite } from './read-model-equivalence.suite';

describePostgres('the read models on PostgreSQL', () => readModelEquivalenceSuite('PostgreSQL', openPostgresReadModel));
