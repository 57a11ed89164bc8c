// A deploy workflow started by hand that asks which environment to deploy to: GitHub Actions'
// `workflow_dispatch` input of `type: choice` (`options: [integration, staging, production]`) that a deploy
// step passes on (`environment: ${{ inputs.environment }}`). Each option naming a stage is an environment the
// pipeline defines, as a job's `environment:` key would be.
import { environmentStage } from '../formats/environment-names.js';
import { parseYaml } from '../formats/yaml.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { DeliveryStep } from './ci-delivery.js';
import type { EnvironmentSighting } from './model.js';

const INPUT_REFERENCE = /\$\{\{[^}]{0,200}?\b(?:github\.event\.)?inputs\.([A-Za-z_][\w-]{0,60})/g;
const MAX_OPTIONS = 20;

export async function dispatchEnvironments(snapshot: Snapshot, steps: readonly DeliveryStep[]): Promise<EnvironmentSighting[]> {
  const wanted = new Map<string, { line: number; inputs: Set<string> }>();
  for (const step of steps) {
    if (step.role !== 'deploy' || step.pipeline.system !== 'github-actions') continue;
    // The step as written: the delivery step keeps only the first characters of the command.
    for (const match of step.step.command.slice(0, 4000).matchAll(INPUT_REFERENCE)) {
      const entry = wanted.get(step.pipeline.path) ?? { line: step.step.line, inputs: new Set<string>() };
      entry.inputs.add(match[1]);
      wanted.set(step.pipeline.path, entry);
    }
  }
  const found: EnvironmentSighting[] = [];
  for (const [path, { line, inputs }] of wanted) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const parsed = parseYaml(read.text);
    if (!parsed.ok) continue; // the CI reader reports a workflow that does not parse
    for (const name of inputs) {
      for (const option of choiceOptions(parsed.value, name)) {
        const stage = environmentStage(option);
        if (stage && !found.some((known) => known.path === path && known.name === option)) found.push({ name: option, stage, path, line, via: `choice of the workflow input ${name}`, source: 'ci' });
      }
    }
  }
  return found;
}

/** `on.workflow_dispatch.inputs.<name>.options` when the input is a choice; nothing otherwise. */
function choiceOptions(workflow: unknown, name: string): string[] {
  const input = at(workflow, ['on', 'workflow_dispatch', 'inputs', name]);
  const options = at(input, ['options']);
  if (!Array.isArray(options)) return [];
  return options.filter((option): option is string => typeof option === 'string').slice(0, MAX_OPTIONS);
}

function at(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
