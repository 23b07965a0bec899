import { api, unwrap, type Schemas } from './api/client';

export type WorkflowDescription = Schemas['WorkflowDescriptionDto'];
export type ActionDescription = Schemas['ActionDescriptionDto'];
export type BodyFieldDescription = Schemas['BodyFieldDescriptionDto'];

/** Workflow versions never change once published: each is fetched once per tab. */
const descriptions = new Map<string, Promise<WorkflowDescription>>();

/** The version an agreement runs on, from its `workflow` ("nota-kesepahaman@2"). */
export function workflowOf(reference: string): Promise<WorkflowDescription> {
  let description = descriptions.get(reference);
  if (!description) {
    const [name, version] = reference.split('@');
    description = unwrap(api.GET('/workflows/{name}/{version}', { params: { path: { name: name!, version: version! } } }));
    description.catch(() => descriptions.delete(reference));
    descriptions.set(reference, description);
  }
  return description;
}

let allEventTypes: Promise<string[]> | undefined;

/** Every event type of every workflow version: the event names `GET /events` may send. */
export function eventTypes(): Promise<string[]> {
  allEventTypes ??= unwrap(api.GET('/workflows')).then(async (workflows) => {
    const described = await Promise.all(workflows.map((workflow) => workflowOf(`${workflow.name}@${workflow.version}`)));
    const types = new Set<string>();
    const walk = (states: WorkflowDescription['states']) => {
      for (const state of states) {
        for (const transition of state.transitions) types.add(transition.event);
        walk(state.states);
      }
    };
    for (const workflow of described) walk(workflow.states);
    return [...types];
  });
  allEventTypes.catch(() => (allEventTypes = undefined));
  return allEventTypes;
}
