import { ACTION_BODIES } from '../../../src/api/agreements/dto/action-bodies.dto';
import { actionsOf } from '../../../src/domain/workflows/migrations';
import { WORKFLOWS } from '../../../src/domain/workflows/workflow-registry';

describe('action bodies', () => {
  it('exist for every action of every workflow version (its migration included), and for nothing else', () => {
    const actions = new Set(WORKFLOWS.flatMap((workflow) => actionsOf(workflow).map((action) => action.name)));

    expect(Object.keys(ACTION_BODIES).sort()).toEqual([...actions].sort());
  });
});
