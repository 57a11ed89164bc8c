// Which CI steps run the tests, followed through the indirections teams put in between: `make test` (recipe
// and prerequisites, simple variables expanded), `npm test`/`npm run x` (package.json scripts), `composer test`
// (composer.json scripts), `tox -e py`
// (tox.ini, `legacy_tox_ini`), `nox -s tests` (session.run calls in noxfile.py), `hatch run test`
// (`[tool.hatch.envs.*.scripts]`), `mise run test` (mise.toml tasks and what they depend on), a job
// submitted with its spec (`anyscale job submit job.yaml`: the spec's entrypoint) and `./scripts/test.sh`.
// Every result keeps the chain it went through.
import type { CiPipeline, CiStep } from '../formats/ci-pipelines.js';
import { readIniSections } from '../formats/ini-sections.js';
import { parseJsonObject } from '../formats/json.js';
import { commandsForTarget, defaultTarget, expandMakeVariables, makeVariables, parseMakeRules } from '../formats/make-recipes.js';
import { parseToml } from '../formats/toml.js';
import { normaliseRepoPath } from '../formats/shell-references.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { analyseScript, failureLostInScript, type CommandFacts, type CoverageGate, type Indirection, type TestCommand } from './test-commands.js';

export interface CiTestRun extends TestCommand {
  pipeline: CiPipeline;
  step: CiStep;
  /** How the CI step reaches the test command (`make test (Makefile:14)`), empty when direct. */
  via: string[];
}

export interface CiCoverageGate extends CoverageGate {
  pipeline: CiPipeline;
  step: CiStep;
  via: string[];
}

export interface CiTestFacts {
  runs: CiTestRun[];
  gates: CiCoverageGate[];
  uploads: Array<{ pipeline: CiPipeline; step: CiStep }>;
}

const MAX_DEPTH = 4;
const MAX_BYTES = 512 * 1024;

export async function ciTestFacts(snapshot: Snapshot, pipelines: readonly CiPipeline[]): Promise<CiTestFacts> {
  const texts = new Map<string, Promise<string | null>>();
  const resolvers = new Map<string, IndirectionResolver>();
  const facts: CiTestFacts = { runs: [], gates: [], uploads: [] };
  for (const pipeline of pipelines) {
    for (const step of pipeline.steps) {
      // Paths in a step are relative to its working directory (`working-directory: web` runs web/package.json's scripts).
      const directory = step.workingDirectory ?? '';
      // Absolute folders and expressions (`/home/runner/…`, `~/repo`, `$(Build.SourcesDirectory)`) name the checkout itself or something unknowable.
      const base = /^[/~]|\$/.test(directory) ? '' : (normaliseRepoPath(directory) ?? '');
      let resolver = resolvers.get(base);
      if (!resolver) resolvers.set(base, (resolver = new IndirectionResolver(snapshot, texts, base)));
      const resolved = await resolver.resolve(analyseScript(step.command), [], 0);
      for (const { facts: found, via } of resolved) {
        for (const test of found.tests) facts.runs.push({ ...test, ignoresFailure: test.ignoresFailure || step.allowFailure, pipeline, step, via });
        for (const gate of found.gates) facts.gates.push({ ...gate, pipeline, step, via });
        if (found.uploadsCoverage) facts.uploads.push({ pipeline, step });
      }
    }
  }
  return facts;
}

/** Resolves the test commands behind a script, with the same indirections, for any caller (e.g. a Makefile alone). */
export async function resolveScript(snapshot: Snapshot, script: string): Promise<Array<{ facts: CommandFacts; via: string[] }>> {
  return new IndirectionResolver(snapshot).resolve(analyseScript(script), [], 0);
}

/** Conventional local test entry points, tried when CI runs no tests, so the finding can name what CI should call. */
const LOCAL_ENTRY_POINTS = ['make test', 'make tests', 'make check', 'npm test', 'tox', 'nox', 'hatch test'];

export async function localTestCommand(snapshot: Snapshot): Promise<{ command: string; runner: string; via: string[] } | null> {
  const resolver = new IndirectionResolver(snapshot);
  for (const command of LOCAL_ENTRY_POINTS) {
    const [tool] = command.split(' ');
    const present = tool === 'make' ? snapshot.has('Makefile') || snapshot.has('makefile') : tool === 'npm' ? snapshot.has('package.json') : tool === 'tox' ? snapshot.has('tox.ini') || snapshot.has('tox.toml') : tool === 'nox' ? snapshot.has('noxfile.py') : await usesHatch(snapshot);
    if (!present) continue;
    for (const { facts, via } of await resolver.resolve(analyseScript(command), [], 0)) {
      if (facts.tests.length > 0 && (via.length > 0 || tool === 'hatch')) return { command, runner: facts.tests[0].runner, via };
    }
  }
  return null;
}

/**
 * Whether the project is managed with Hatch (a `[tool.hatch]` table or the hatchling build backend): any
 * pyproject.toml is not a reason to say `hatch test` runs the tests of a setuptools or uv project.
 */
async function usesHatch(snapshot: Snapshot): Promise<boolean> {
  if (!snapshot.has('pyproject.toml') || snapshot.isSymlink('pyproject.toml')) return false;
  const read = await snapshot.readText('pyproject.toml', { maxBytes: MAX_BYTES });
  const toml = read.ok ? parseToml(read.text) : null;
  if (!toml?.ok) return false;
  const tool = toml.value.tool as { hatch?: unknown } | undefined;
  const backend = (toml.value['build-system'] as { 'build-backend'?: unknown } | undefined)?.['build-backend'];
  return (typeof tool === 'object' && tool !== null && tool.hatch !== undefined) || (typeof backend === 'string' && backend.startsWith('hatchling'));
}

class IndirectionResolver {
  constructor(
    private readonly snapshot: Snapshot,
    private readonly texts = new Map<string, Promise<string | null>>(),
    /** The step's working directory ('' for the repository root). */
    private readonly base = '',
  ) {}

  /** A path as the step sees it, from the repository root. */
  private at(path: string): string {
    return this.base && path ? `${this.base}/${path}` : this.base || path;
  }

  async resolve(facts: CommandFacts, via: string[], depth: number): Promise<Array<{ facts: CommandFacts; via: string[] }>> {
    const out: Array<{ facts: CommandFacts; via: string[] }> = [{ facts: { ...facts, indirect: [] }, via }];
    if (depth >= MAX_DEPTH) return out;
    for (const indirection of facts.indirect) {
      for (const { script, label } of await this.expand(indirection)) {
        const inner = analyseScript(script);
        if (indirection.ignoresFailure) for (const test of inner.tests) test.ignoresFailure = true;
        if (indirection.kind === 'script') for (const test of inner.tests) test.ignoresFailure ||= failureLostInScript(script, test.text);
        for (const nested of inner.indirect) nested.ignoresFailure ||= indirection.ignoresFailure;
        out.push(...(await this.resolve(inner, [...via, label], depth + 1)));
      }
    }
    return out;
  }

  /** The scripts an indirection stands for, each with a label naming where it came from. */
  private async expand(indirection: Indirection): Promise<Array<{ script: string; label: string }>> {
    switch (indirection.kind) {
      case 'make':
        return this.make(indirection);
      case 'npm-script':
        return this.npm(indirection);
      case 'composer':
        return this.composer(indirection);
      case 'tox':
        return this.tox(indirection);
      case 'nox':
        return this.nox(indirection);
      case 'hatch':
        return this.hatch(indirection);
      case 'mise':
        return this.mise(indirection);
      case 'job-spec': {
        const path = indirection.location ? this.at(indirection.location) : null;
        const text = path ? await this.read(path) : null;
        const entrypoint = text === null ? null : /^entrypoint:[ \t]*(["']?)([^\n]{1,500}?)\1[ \t]*$/m.exec(text);
        return entrypoint ? [{ script: entrypoint[2], label: `job entrypoint (${path})` }] : [];
      }
      case 'script': {
        const path = indirection.location ? this.at(indirection.location) : null;
        const text = path ? await this.read(path) : null;
        return text === null ? [] : [{ script: text, label: path! }];
      }
    }
  }

  private async make(indirection: Indirection): Promise<Array<{ script: string; label: string }>> {
    const [kind, where] = indirection.location ? [indirection.location.slice(0, indirection.location.indexOf(':')), indirection.location.slice(indirection.location.indexOf(':') + 1)] : ['dir', ''];
    const folder = kind === 'dir' ? where.replace(/^\.\/?/, '').replace(/(?<!\/)\/+$/, '') : '';
    const candidates = (kind === 'file' ? [where.replace(/^\.\//, '')] : ['GNUmakefile', 'makefile', 'Makefile'].map((name) => (folder ? `${folder}/${name}` : name))).map((path) => this.at(path));
    for (const path of candidates) {
      const text = await this.read(path);
      if (text === null) continue;
      const rules = parseMakeRules(text);
      const variables = makeVariables(text);
      const targets = indirection.targets.length ? indirection.targets : [defaultTarget(rules)].filter((t): t is string => t !== null);
      return targets.flatMap((target) => {
        const commands = commandsForTarget(rules, target);
        return commands.length ? [{ script: commands.map((command) => expandMakeVariables(command.text, variables)).join('\n'), label: `make ${target} (${path}:${rules.get(target)?.line ?? commands[0].line})` }] : [];
      });
    }
    return [];
  }

  private async npm(indirection: Indirection): Promise<Array<{ script: string; label: string }>> {
    const path = this.at(indirection.location ? `${indirection.location.replace(/^\.\/?/, '').replace(/(?<!\/)\/+$/, '')}/package.json` : 'package.json');
    const text = await this.read(path);
    if (text === null) return [];
    const json = parseJsonObject(text);
    if (!json.ok) return [];
    const scripts = json.value.scripts;
    if (!scripts || typeof scripts !== 'object') return [];
    return indirection.targets.flatMap((name) => {
      const script = (scripts as Record<string, unknown>)[name];
      return typeof script === 'string' ? [{ script, label: `npm script "${name}" (${path})` }] : [];
    });
  }

  /** Composer scripts (`composer test`): a command or a list of commands, `@other` naming another script. */
  private async composer(indirection: Indirection): Promise<Array<{ script: string; label: string }>> {
    const text = await this.read(this.at('composer.json'));
    const json = text === null ? null : parseJsonObject(text);
    const scripts = json?.ok && json.value.scripts && typeof json.value.scripts === 'object' ? (json.value.scripts as Record<string, unknown>) : {};
    const linesOf = (name: string, depth: number): string[] => {
      const value = scripts[name];
      const lines = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((line): line is string => typeof line === 'string') : [];
      return lines.flatMap((line) => (line.startsWith('@') && depth < 3 ? (line.startsWith('@php ') ? [line.slice(1)] : linesOf(line.slice(1).split(' ')[0], depth + 1)) : [line]));
    };
    return indirection.targets.flatMap((name) => {
      const lines = linesOf(name, 0);
      return lines.length ? [{ script: lines.join('\n'), label: `composer script "${name}" (composer.json)` }] : [];
    });
  }

  private async tox(indirection: Indirection): Promise<Array<{ script: string; label: string }>> {
    let ini = await this.read(this.at('tox.ini'));
    let path = this.at('tox.ini');
    if (ini === null) {
      const pyproject = await this.read(this.at('pyproject.toml'));
      const toml = pyproject === null ? null : parseToml(pyproject);
      const legacy = toml?.ok ? (toml.value.tool as { tox?: { legacy_tox_ini?: unknown } } | undefined)?.tox?.legacy_tox_ini : undefined;
      if (typeof legacy === 'string') {
        ini = legacy;
        path = 'pyproject.toml [tool.tox]';
      }
    }
    if (ini !== null) {
      const sections = readIniSections(ini);
      const wanted = (name: string) => name === 'testenv' || (name.startsWith('testenv:') && (indirection.targets.length === 0 || indirection.targets.some((env) => name.slice(8).split(',').includes(env) || env.startsWith(name.slice(8)))));
      const scripts: Array<{ script: string; label: string }> = [];
      for (const [name, values] of sections) {
        const commands = values.get('commands');
        if (commands && wanted(name)) scripts.push({ script: commands.value, label: `tox [${name}] (${path}:${commands.line})` });
      }
      return scripts;
    }
    // tox 4 native TOML: `[env_run_base] commands = [["pytest", …]]`, `[env.<name>]`.
    const toml = await this.read(this.at('tox.toml'));
    const parsedToml = toml === null ? null : parseToml(toml);
    if (!parsedToml?.ok) return [];
    const tables = [parsedToml.value.env_run_base, ...Object.values((parsedToml.value.env as Record<string, unknown>) ?? {})];
    return tables.flatMap((table) => {
      const commands = (table as { commands?: unknown })?.commands;
      if (!Array.isArray(commands)) return [];
      const script = commands.map((command) => (Array.isArray(command) ? command.join(' ') : String(command))).join('\n');
      return [{ script, label: 'tox (tox.toml)' }];
    });
  }

  private async nox(indirection: Indirection): Promise<Array<{ script: string; label: string }>> {
    const text = await this.read(this.at('noxfile.py'));
    if (text === null) return [];
    const commands: string[] = [];
    const pattern = /\bsession\.run\(/g;
    for (let match = pattern.exec(text); match && commands.length < 200; match = pattern.exec(text)) {
      const call = text.slice(match.index, match.index + 600);
      const end = call.indexOf(')');
      const args = [...(end === -1 ? call : call.slice(0, end)).matchAll(/(['"])([^'"\n]{0,200})\1/g)].map((arg) => arg[2]);
      if (args.length) commands.push(args.join(' '));
    }
    return commands.length ? [{ script: commands.join('\n'), label: `nox${indirection.targets.length ? ` -s ${indirection.targets.join(',')}` : ''} (noxfile.py)` }] : [];
  }

  private async hatch(indirection: Indirection): Promise<Array<{ script: string; label: string }>> {
    const text = await this.read(this.at('pyproject.toml'));
    const toml = text === null ? null : parseToml(text);
    if (!toml?.ok) return [];
    const envs = ((toml.value.tool as { hatch?: { envs?: Record<string, { scripts?: Record<string, unknown> }> } } | undefined)?.hatch?.envs ?? {}) as Record<string, { scripts?: Record<string, unknown> }>;
    return indirection.targets.flatMap((target) => {
      const [env, name] = target.includes(':') ? target.split(':', 2) : ['default', target];
      const script = envs[env]?.scripts?.[name];
      const lines = typeof script === 'string' ? [script] : Array.isArray(script) ? script.filter((line): line is string => typeof line === 'string') : [];
      return lines.length ? [{ script: lines.join('\n'), label: `hatch run ${target} (pyproject.toml)` }] : [];
    });
  }

  /** A mise task: its `run` (a command or a list) after the tasks it `depends` on, a few levels deep. */
  private async mise(indirection: Indirection): Promise<Array<{ script: string; label: string }>> {
    for (const path of ['mise.toml', '.mise.toml', 'mise/config.toml', '.config/mise.toml'].map((candidate) => this.at(candidate))) {
      const text = await this.read(path);
      const toml = text === null ? null : parseToml(text);
      if (!toml?.ok) continue;
      const tasks = (toml.value.tasks ?? {}) as Record<string, { run?: unknown; depends?: unknown } | undefined>;
      // Bounded: a hostile mise.toml may make tasks depend on each other in a wide or circular graph.
      const linesOf = (name: string, depth: number, seen: Set<string>): string[] => {
        const task = Object.hasOwn(tasks, name) ? tasks[name] : undefined;
        if (!task || typeof task !== 'object' || depth > 3 || seen.has(name) || seen.size > 50) return [];
        seen.add(name);
        const depends = Array.isArray(task.depends) ? task.depends.filter((entry): entry is string => typeof entry === 'string') : [];
        const run = typeof task.run === 'string' ? [task.run] : Array.isArray(task.run) ? task.run.filter((line): line is string => typeof line === 'string') : [];
        return [...depends.slice(0, 20).flatMap((entry) => linesOf(entry, depth + 1, seen)), ...run.slice(0, 50)];
      };
      return indirection.targets.flatMap((name) => {
        const lines = linesOf(name, 0, new Set());
        return lines.length ? [{ script: lines.join('\n'), label: `mise task "${name}" (${path})` }] : [];
      });
    }
    return [];
  }

  private read(path: string): Promise<string | null> {
    let pending = this.texts.get(path);
    if (!pending) {
      pending = (async () => {
        if (!this.snapshot.has(path) || this.snapshot.isSymlink(path)) return null;
        const read = await this.snapshot.readText(path, { maxBytes: MAX_BYTES });
        return read.ok ? read.text : null;
      })();
      this.texts.set(path, pending);
    }
    return pending;
  }
}
