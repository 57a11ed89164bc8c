// Tests that committed git hooks run on every commit or push: lefthook (lefthook.yml commands and scripts),
// pre-commit (.pre-commit-config.yaml local hooks) and Husky (.husky/pre-commit, .husky/pre-push). A hook runs
// on the developer's machine, and only where it was installed and not skipped: automatic, but not CI.
// The hook's command is followed through make/npm/tox/mise/scripts like a CI step.
import { parseYamlMapping } from '../formats/yaml.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { resolveScript } from './ci-test-runs.js';

export interface HookTestRun {
  /** The hook file. */
  path: string;
  /** The git hook it runs in (`pre-push`, `pre-commit`). */
  hook: string;
  runner: string;
  /** The hook's command and the chain to the test runner. */
  via: string[];
}

const MAX_BYTES = 256 * 1024;
const GIT_HOOKS = new Set(['pre-commit', 'pre-push', 'pre-merge-commit', 'post-merge', 'post-checkout']);
const LEFTHOOK_FILES = ['lefthook.yml', 'lefthook.yaml', '.lefthook.yml', '.lefthook.yaml'];

export async function hookTestRuns(snapshot: Snapshot): Promise<HookTestRun[]> {
  const commands: Array<{ path: string; hook: string; command: string }> = [];
  for (const path of LEFTHOOK_FILES) {
    const config = await readMapping(snapshot, path);
    for (const [hook, value] of Object.entries(config ?? {})) {
      if (!GIT_HOOKS.has(hook) || !value || typeof value !== 'object') continue;
      const entries = (value as { commands?: unknown }).commands;
      for (const entry of Object.values(entries && typeof entries === 'object' ? entries : {}).slice(0, 50)) {
        const run = (entry as { run?: unknown } | null)?.run;
        if (typeof run === 'string') commands.push({ path, hook, command: run.replace(/\{[\w_]+\}/g, '') });
      }
    }
  }
  const preCommit = await readMapping(snapshot, '.pre-commit-config.yaml');
  const repos = Array.isArray(preCommit?.repos) ? preCommit.repos : [];
  for (const repo of repos.slice(0, 50)) {
    // Only local hooks say what they run; a hook from another repository is that repository's linter.
    if (!repo || typeof repo !== 'object' || (repo as { repo?: unknown }).repo !== 'local') continue;
    const hooks = (repo as { hooks?: unknown }).hooks;
    for (const hook of Array.isArray(hooks) ? hooks.slice(0, 50) : []) {
      const { entry, args, stages } = (hook ?? {}) as { entry?: unknown; args?: unknown; stages?: unknown };
      if (typeof entry !== 'string') continue;
      const stage = Array.isArray(stages) && typeof stages[0] === 'string' ? stages[0].replace(/^push$/, 'pre-push').replace(/^commit$/, 'pre-commit') : 'pre-commit';
      commands.push({ path: '.pre-commit-config.yaml', hook: stage, command: [entry, ...(Array.isArray(args) ? args.filter((arg): arg is string => typeof arg === 'string') : [])].join(' ') });
    }
  }
  for (const hook of ['pre-commit', 'pre-push']) {
    const path = `.husky/${hook}`;
    const text = await readText(snapshot, path);
    if (text !== null) commands.push({ path, hook, command: text });
  }
  const runs: HookTestRun[] = [];
  for (const { path, hook, command } of commands.slice(0, 100)) {
    for (const { facts, via } of await resolveScript(snapshot, command)) {
      for (const test of facts.tests) if (!test.ignoresFailure) runs.push({ path, hook, runner: test.runner, via: [command.trim().split('\n')[0].slice(0, 80), ...via] });
    }
  }
  return runs;
}

async function readText(snapshot: Snapshot, path: string): Promise<string | null> {
  if (!snapshot.has(path) || snapshot.isSymlink(path)) return null;
  const read = await snapshot.readText(path, { maxBytes: MAX_BYTES });
  return read.ok ? read.text : null;
}

async function readMapping(snapshot: Snapshot, path: string): Promise<Record<string, unknown> | null> {
  const text = await readText(snapshot, path);
  if (text === null) return null;
  const parsed = parseYamlMapping(text);
  return parsed.ok ? parsed.value : null;
}
