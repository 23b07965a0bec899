import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES } from '../../src/domain/access/roles';
import { LIFECYCLE_STATES } from '../../src/domain/agreements/lifecycle';
import { actionsOf } from '../../src/domain/workflows/migrations';
import { WORKFLOWS } from '../../src/domain/workflows/workflow-registry';
import { en, id } from '../../web/src/i18n/messages';

/** Every `.ts` file under a folder. */
function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The names of the business rules the service can refuse with: `rule(condition, 'name', …)` and the errors that name one. */
function ruleNames(): string[] {
  const text = sources(join(__dirname, '..', '..', 'src'))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  const names = new Set<string>();
  for (const match of text.matchAll(/\brule\(\s*[^;]*?,\s*'([a-z0-9-]+)'/gs)) names.add(match[1]);
  for (const match of text.matchAll(/new BusinessRuleViolationError\(\s*'([a-z0-9-]+)'/g)) names.add(match[1]);
  for (const match of text.matchAll(/readonly rule = '([a-z0-9-]+)'/g)) names.add(match[1]);
  return [...names].sort();
}

describe('the words of the web app', () => {
  const languages = { id, en };

  it('name every business rule the service refuses with, in both languages', () => {
    const rules = ruleNames();
    expect(rules.length).toBeGreaterThan(40);
    for (const [language, messages] of Object.entries(languages)) {
      expect({ language, missing: rules.filter((rule) => !messages.rules[rule]) }).toEqual({ language, missing: [] });
    }
  });

  it('name every action, body field and choice of every workflow version, every state and every role, in both languages', () => {
    const actions = WORKFLOWS.flatMap((workflow) => actionsOf(workflow));
    const fields = new Set(actions.flatMap((action) => Object.keys(action.body.fields)));
    const choices = new Set(
      actions.flatMap((action) => Object.values(action.body.fields).flatMap((field) => (field.kind === 'choice' ? field.values : []))),
    );
    for (const [language, messages] of Object.entries(languages)) {
      const missing = [
        ...actions.filter((action) => !messages.actions[action.name]).map((action) => `action ${action.name}`),
        ...[...fields].filter((field) => !messages.fields[field]).map((field) => `field ${field}`),
        ...[...choices].filter((choice) => !messages.values[choice]).map((choice) => `choice ${choice}`),
        ...LIFECYCLE_STATES.filter((state) => !messages.states[state]).map((state) => `state ${state}`),
        ...ROLES.filter((role) => !messages.roles[role]).map((role) => `role ${role}`),
      ];
      expect({ language, missing: [...new Set(missing)] }).toEqual({ language, missing: [] });
    }
    // Indonesian explains every step in its own words (English shows the workflow's summary).
    expect(actions.filter((action) => !id.actionHelp[action.name]).map((action) => action.name)).toEqual([]);
  });
});
