// Property-based tests for every parser in src/formats: arbitrary text and bytes, structured-but-wrong values
// (right keys, wrong shapes), deep nesting and long repetitive input never make a parser throw, and every call
// finishes within a bounded time. A parser's only way to say "no" is its own return value (Parsed failure,
// null, an empty result). A guard at the end fails when a module exports a function nobody fuzzes here.
import { appendFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import type { SqlJsStatic } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as adr from '../src/formats/adr.js';
import * as alertRules from '../src/formats/alert-rules.js';
import * as changelog from '../src/formats/changelog.js';
import * as ciPipelines from '../src/formats/ci-pipelines.js';
import * as codeowners from '../src/formats/codeowners.js';
import * as contacts from '../src/formats/contacts.js';
import * as contentHash from '../src/formats/content-hash.js';
import * as coverageConfig from '../src/formats/coverage-config.js';
import * as coverage from '../src/formats/coverage-reports.js';
import * as criteriaTable from '../src/formats/criteria-table.js';
import * as criteriaText from '../src/formats/criteria-text.js';
import * as croissant from '../src/formats/croissant.js';
import * as cron from '../src/formats/cron.js';
import * as csv from '../src/formats/csv.js';
import * as dataManifest from '../src/formats/data-manifest.js';
import * as datasetCard from '../src/formats/dataset-card.js';
import * as dockerfile from '../src/formats/dockerfile.js';
import * as ecosystemLockfiles from '../src/formats/ecosystem-lockfiles.js';
import * as dvc from '../src/formats/dvc.js';
import * as environmentNames from '../src/formats/environment-names.js';
import * as evalCriteriaFile from '../src/formats/eval-criteria-file.js';
import * as evalCriterion from '../src/formats/eval-criterion.js';
import * as failureModes from '../src/formats/failure-modes.js';
import * as values from '../src/formats/values.js';
import * as notebook from '../src/formats/notebook.js';
import * as fmea from '../src/formats/fmea.js';
import * as frictionless from '../src/formats/frictionless.js';
import * as gitLfs from '../src/formats/git-lfs.js';
import * as greatExpectations from '../src/formats/great-expectations.js';
import * as iniSections from '../src/formats/ini-sections.js';
import * as jenkinsfile from '../src/formats/jenkinsfile.js';
import * as json from '../src/formats/json.js';
import * as junit from '../src/formats/junit-xml.js';
import * as licenseText from '../src/formats/license-text.js';
import * as llmEvalExports from '../src/formats/llm-eval-exports.js';
import * as lmEval from '../src/formats/lm-eval.js';
import * as lockfiles from '../src/formats/lockfiles.js';
import * as runtimeVersions from '../src/formats/runtime-versions.js';
import * as makeRecipes from '../src/formats/make-recipes.js';
import * as makeTargets from '../src/formats/make-targets.js';
import * as markdown from '../src/formats/markdown.js';
import * as metricNames from '../src/formats/metric-names.js';
import * as mlflowFileStore from '../src/formats/mlflow-file-store.js';
import * as mlflowSqlite from '../src/formats/mlflow-sqlite.js';
import * as mlflowSqliteSchema from '../src/formats/mlflow-sqlite-schema.js';
import * as mlmodel from '../src/formats/mlmodel.js';
import * as gateFile from '../src/formats/gate-file.js';
import * as gguf from '../src/formats/gguf.js';
import * as hdf5 from '../src/formats/hdf5.js';
import * as onnx from '../src/formats/onnx.js';
import * as pickleFormat from '../src/formats/pickle.js';
import * as safetensors from '../src/formats/safetensors.js';
import * as zipDirectory from '../src/formats/zip-directory.js';
import * as modelCard from '../src/formats/model-card.js';
import * as modelIndex from '../src/formats/model-index.js';
import * as monitoringConfigs from '../src/formats/monitoring-configs.js';
import * as monitoringSignals from '../src/formats/monitoring-signals.js';
import * as monitoringCode from '../src/formats/monitoring-code.js';
import * as monitoringIac from '../src/formats/monitoring-iac.js';
import * as pipelineMonitoring from '../src/formats/pipeline-monitoring.js';
import * as agentInstructions from '../src/formats/agent-instructions.js';
import * as openaiEvals from '../src/formats/openai-evals.js';
import * as lines from '../src/formats/lines.js';
import * as placeholders from '../src/formats/placeholders.js';
import * as promptfoo from '../src/formats/promptfoo.js';
import * as promptfooResults from '../src/formats/promptfoo-results.js';
import * as ragEvaluatorConfig from '../src/formats/rag-evaluator-config.js';
import * as requirements from '../src/formats/requirements.js';
import * as result from '../src/formats/result.js';
import * as runbook from '../src/formats/runbook.js';
import * as schedules from '../src/formats/schedules.js';
import * as shellReferences from '../src/formats/shell-references.js';
import * as terraform from '../src/formats/terraform.js';
import * as thirdParty from '../src/formats/third-party-references.js';
import * as thresholdConstants from '../src/formats/threshold-constants.js';
import * as toml from '../src/formats/toml.js';
import * as trackers from '../src/formats/trackers.js';
import * as vocabulary from '../src/formats/vocabulary.js';
import * as wandb from '../src/formats/wandb.js';
import * as xml from '../src/formats/xml.js';
import * as yamlDocuments from '../src/formats/yaml-documents.js';
import * as yamlLocate from '../src/formats/yaml-locate.js';
import * as yamlLocated from '../src/formats/yaml-located.js';
import * as yaml from '../src/formats/yaml.js';

// The worst-case suite feeds the same 64 KiB text to every driver; most of them parse it as YAML or Markdown
// first. As in a real scan (src/snapshot/parsed-reads.ts parses each file once for all checks), those two
// parses are shared there, so the suite times each parser's own work without parsing the same text 60 times.
const shared = vi.hoisted(() => ({ on: false, cache: new Map<string, unknown>() }));
function memoised<A extends unknown[], R>(kind: string, real: (...args: A) => R): (...args: A) => R {
  return (...args: A) => {
    if (!shared.on || typeof args[0] !== 'string') return real(...args);
    const key = `${kind}\0${JSON.stringify(args.slice(1))}\0${args[0]}`;
    if (!shared.cache.has(key)) shared.cache.set(key, real(...args));
    return shared.cache.get(key) as R;
  };
}
vi.mock('../src/formats/yaml.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/formats/yaml.js')>();
  return { ...real, parseYaml: memoised('yaml', real.parseYaml), parseYamlMapping: memoised('mapping', real.parseYamlMapping) };
});
vi.mock('../src/formats/markdown.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/formats/markdown.js')>();
  return { ...real, parseMarkdown: memoised('markdown', real.parseMarkdown) };
});

/** Generous: a parser call on ≤ 64 KiB of input that needs more CPU time is a hang waiting for a bigger file. */
const MAX_CALL_MS = 2_000;
const MAX_INPUT = 64 * 1024;
/** Runs per property: enough to find shallow crashes, few enough for two shared cores. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

// ---- inputs ----------------------------------------------------------------------------------------------

/** Keys the formats look for, so generated values get past "is this my format?" and hit the readers. */
const KNOWN_KEYS = [
  'stages', 'cmd', 'deps', 'outs', 'params', 'metrics', 'plots', 'foreach', 'do', 'matrix', 'wdir', 'path', 'md5', 'hash', 'size',
  'nfiles', 'etag', 'checksum', 'schema', 'remote', 'url', 'core', 'artifacts', 'datasets', 'rev_lock', 'repo', 'groups', 'rules',
  'name', 'alert', 'record', 'expr', 'for', 'labels', 'severity', 'annotations', 'summary', 'description', 'runbook_url', 'title',
  'condition', 'data', 'route', 'receivers', 'receiver', 'routes', 'slack_configs', 'email_configs', 'webhook_configs', 'apiVersion',
  'kind', 'metadata', 'spec', 'schedule', 'schedules', 'trigger', 'cronSchedule', 'cron', 'jobTemplate', 'on', 'jobs', 'steps', 'run',
  'uses', 'service', 'monitors', 'calculation_period_sec', 'input', 'reference_data', 'column_mapping', 'expectations',
  'expectation_suite_name', 'expectation_type', 'kwargs', 'meta', 'action_list', 'validations', 'resources', 'licenses', 'sources',
  'distribution', 'recordSet', '@context', '@type', '@id', 'contentUrl', 'sha256', 'encodingFormat', 'includes', 'license',
  'rai:dataLimitations', 'experiment_id', 'run_id', 'run_uuid', 'status', 'lifecycle_stage', 'start_time', 'end_time', 'artifact_uri',
  'artifact_location', 'user_id', 'aliases', 'version', 'current_stage', 'source', 'model_id', 'flavors', 'signature', 'value', '_step',
  '_runtime', '_timestamp', '_wandb', 'desc', 'program', 'args', 'git', 'commit', 'python', 'host', 'criteria', 'metric', 'comparison',
  'threshold', 'unit', 'dataset', 'split', 'baseline', 'approvedModel', 'approvedBy', 'date', 'tests', 'assert', 'type',
  'defaultTest', 'providers', 'prompts', 'metric_list', 'aggregation', 'higher_is_better', 'task', 'model-index', 'results', 'model',
  'base_model', 'library_name', 'pipeline_tag', 'tags', 'configs', 'data_files', 'dataset_info', 'source_datasets', 'package',
  'dependencies', 'optional-dependencies', 'requires-python', 'default', 'develop', '_meta', 'channels', 'platforms', 'pip', 'project',
  'tool', 'poetry', 'build-system', 'scripts', 'packages', 'dev-packages', 'experiment', 'command', 'heartbeat', 'seed',
  'random_state', 'files', 'eval', 'class', 'id', 'text', 'rows', 'fields', 'columns',
  // LLM evaluation results (promptfoo outputs, DeepEval test runs, Langfuse and LangSmith exports).
  'evalId', 'promptIdx', 'success', 'gradingResult', 'componentResults', 'assertion', 'namedScores', 'namedScoresCount', 'stats',
  'successes', 'failures', 'errors', 'latencyMs', 'raw', 'label', 'testPassCount', 'testFailCount', 'testRunData', 'testCases',
  'metricsData', 'metricsScores', 'testPassed', 'hyperparameters', 'datasetRunItems', 'datasetName', 'feedback_stats', 'avg', 'n',
  'reference_example_id', 'session_id', 'reference_dataset_id', 'scores',
  // Keys that break naive `object[key]` code.
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'length', '',
];

const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', '0', '-1', '1e309', 'NaN', 'true', 'null', '0.1', '3.0', '>= 0.8', 'md5', 'd41d8cd98f00b204e9800998ecf8427e', 'sha256:00', '*/5 * * * *'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

/** Structured-but-wrong values: the keys the formats expect, holding anything at any depth. */
const structured: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('node'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KNOWN_KEYS), fc.string({ maxLength: 8 })), tie('node'), { maxKeys: 6, noNullPrototype: false }),
  ),
})).node;

const anyValue = fc.oneof(structured, fc.jsonValue({ maxDepth: 6 }), fc.anything({ maxDepth: 4, withNullPrototype: true, withMap: true, withSet: true, withDate: true }));

/** Text made of the tokens YAML, Markdown, XML, TOML and shell lines are made of. */
function soup(tokens: readonly string[], maxLength = 200): fc.Arbitrary<string> {
  return fc.array(fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 6 })), { maxLength }).map((parts) => parts.join(''));
}
const YAML_TOKENS = ['\n', '  ', '- ', ': ', 'key', 'stages', 'cmd', '&a ', '*a', '&b [*a,*a]', '[', ']', '{', '}', ',', '"', "'", '#', '|', '>', '---\n', '...\n', '!!str ', '!!binary ', '? ', '<<: *a', '%YAML 1.1\n', '\t', '\\', '~', 'null', '0x1F', '1e3', '.inf'];
const MD_TOKENS = ['\n', '# ', '## ', '### ', '| ', ' | ', '|---|---|\n', '- ', '* ', '1. ', '> ', '```', '~~~', '`', '[x](', ')', '![i](', '<div>', '</div>', '<!--', '-->', '---\n', 'Status: ', 'Accepted', 'Decision', 'Context', '**', '_', '\\', '&amp;', 'Failure mode', 'Severity', 'RPN', '>= 0.8', 'PR-AUC', 'recall', '@org/team', 'javascript:', '{{ x }}', '[More Information Needed]', 'TODO'];
const XML_TOKENS = ['<testsuite', '<testsuites', '<testcase', '<failure', '<coverage', '<package', '<class', '<line', ' name="', ' line-rate="', '"', '>', '/>', '</testsuite>', '</testcase>', '<![CDATA[', ']]>', '<!--', '-->', '<?xml version="1.0"?>', '<!DOCTYPE x [', '<!ENTITY a "', '&a;', '&amp;', '&#x41;', '&#0;', ' tests="1"', ' hits="', '\n'];
const LINE_TOKENS = ['\n', ' ', '==', '>=', '~=', '; ', '#', '-r ', '-e ', '--hash=sha256:', '@ ', 'git+https://', 'FROM ', 'ARG ', 'RUN ', '\\\n', '$(', '${', '}', 'python -m ', 'make ', 'dvc repro ', './scripts/', '0 0 * * *', '@daily', 'DAG(', 'schedule_interval=', "'", '"', '[', ']', '=', 'name = ', '[[package]]', 'version = ', 'TN:', 'SF:', 'DA:1,1', 'LF:', 'LH:', 'end_of_record', '1700000000000 0.5 0', 'oid sha256:', 'size 12', 'version https://git-lfs.github.com/spec/v1', '* filter=lfs', 'train:', '\t', 'MIT License', 'Apache License', 'SPDX-License-Identifier: ', 'from_pretrained("', 'load_dataset("'];

/** Long runs of one unit: where a super-linear regex or a quadratic loop shows up. */
const repetitive = fc
  .tuple(
    fc.string({ maxLength: 8 }),
    fc.constantFrom(' ', '\t', 'a', '1', '0.', '.', '-', '#', '|', '*', '_', '`', '[', '(', '<', ':', '=', '\\', '"', "'", 'a ', '- ', '\n', '\n\n', ' \n', '1 ', 'a=', '| a ', '> ', '{{', '${', '$(', '-- ', '>= 1', 'x.', '/', '@', 'ab'),
    fc.integer({ min: 100, max: 12_000 }),
    fc.string({ maxLength: 8 }),
  )
  .map(([before, unit, count, after]) => before + unit.repeat(Math.min(count, Math.floor(MAX_INPUT / unit.length) - 20)) + after);

/** Nesting far past every depth limit, in each syntax the parsers read. */
const deep = fc
  .tuple(fc.constantFrom('[', '{"a":', '- ', '{', '<a>', '> ', '  - ', '* ', 'a:\n', '[{', '((', '<div>', '- [', '? '), fc.integer({ min: 50, max: 4_000 }))
  .map(([unit, depth]) => {
    if (unit === 'a:\n') return Array.from({ length: Math.min(depth, 300) }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
    return unit.repeat(depth) + 'x';
  });

/** Bytes as a lossy UTF-8 decoder would hand them over (invalid sequences become U+FFFD). */
const bytesAsText = fc.uint8Array({ maxLength: 2_000 }).map((bytes) => new TextDecoder('utf-8', { fatal: false }).decode(bytes));

const text = fc.oneof(
  { arbitrary: fc.string({ maxLength: 300, unit: 'grapheme' }), weight: 2 },
  { arbitrary: fc.string({ maxLength: 300, unit: 'binary' }), weight: 1 },
  { arbitrary: bytesAsText, weight: 1 },
  { arbitrary: soup(YAML_TOKENS), weight: 3 },
  { arbitrary: soup(MD_TOKENS), weight: 3 },
  { arbitrary: soup(XML_TOKENS), weight: 1 },
  { arbitrary: soup(LINE_TOKENS), weight: 3 },
  { arbitrary: structured.map((value) => safeJson(value)), weight: 2 },
  { arbitrary: structured.map((value) => safeYaml(value)), weight: 3 },
  { arbitrary: structured.map((value) => `---\n${safeYaml(value)}---\n# Title\n\n${safeYaml(value)}`), weight: 1 },
  { arbitrary: repetitive, weight: 2 },
  { arbitrary: deep, weight: 2 },
);

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return '{}';
  }
}

function safeYaml(value: unknown): string {
  try {
    return toYaml(value, { aliasDuplicateObjects: false }) ?? '';
  } catch {
    return 'a: 1\n';
  }
}

const pathLike = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc
    .array(fc.oneof(fc.constantFrom('mlruns', '0', '1', 'models', 'meta.yaml', 'params', 'metrics', 'tags', 'artifacts', 'wandb', 'run-20250101_101010-abc123', 'offline-run-20250101_101010-x', 'files', 'config.yaml', '.trash', 'm-0123456789abcdef0123456789abcdef', '0123456789abcdef0123456789abcdef', 'version-1', 'aliases', 'lightning_logs', 'version_0', 'events.out.tfevents.1.host', '..', '.', '', 'dvclive', '.aim', 'run.json', 'outputs', 'inputs'), fc.string({ maxLength: 10 })), { maxLength: 8 })
    .map((parts) => parts.join('/')),
);
const paths = fc.array(pathLike, { maxLength: 40 });

// ---- the harness -----------------------------------------------------------------------------------------

/** A driver feeds one input to one exported function (and to whatever it returns that takes input). */
type Driver<T> = (input: T) => unknown;

function timed<T>(name: string, driver: Driver<T>, input: T): void {
  if (process.env.FUZZ_TRACE) appendFileSync(process.env.FUZZ_TRACE, `${name} ${show(input).slice(0, 60)}\n`);
  // CPU time, not wall time: the bound is about the parser's work, not about how busy the machine is.
  const started = process.cpuUsage();
  const wallStarted = performance.now();
  let outcome: unknown;
  try {
    outcome = driver(input);
  } catch (error) {
    throw new Error(`${name} threw on ${show(input)}: ${(error as Error)?.stack ?? error}`);
  }
  const used = process.cpuUsage(started);
  const elapsed = (used.user + used.system) / 1000;
  if (elapsed > MAX_CALL_MS) throw new Error(`${name} took ${Math.round(elapsed)} ms of CPU (${Math.round(performance.now() - wallStarted)} ms wall) on ${show(input)}`);
  if (outcome instanceof Promise) throw new Error(`${name} returned a promise: drivers must be synchronous`);
}

function show(input: unknown): string {
  if (typeof input === 'string') return `${input.length} chars: ${JSON.stringify(input.slice(0, 120))}`;
  try {
    return JSON.stringify(input)?.slice(0, 200) ?? String(input);
  } catch {
    return String(input);
  }
}

function fuzz<T>(drivers: Record<string, Driver<T>>, arbitrary: fc.Arbitrary<T>, runs = RUNS): void {
  fc.assert(
    fc.property(arbitrary, (input) => {
      for (const [name, driver] of Object.entries(drivers)) timed(name, driver, input);
    }),
    { numRuns: runs },
  );
}

/** Every Parsed result must be a well-formed value, never something half-built. */
function checkParsed(value: unknown): unknown {
  if (value && typeof value === 'object' && 'ok' in value) {
    const parsedValue = value as result.Parsed<unknown>;
    if (!parsedValue.ok && typeof parsedValue.error?.message !== 'string') throw new Error(`malformed failure: ${show(value)}`);
  }
  return value;
}

const parsedOk = <T>(value: result.Parsed<T> | null | undefined): T | null => (value && value.ok ? value.value : null);

// ---- drivers, one group per module -----------------------------------------------------------------------

const TEXT_DRIVERS: Record<string, Record<string, Driver<string>>> = {
  adr: {
    isPlaceholder: (t) => adr.isPlaceholder(t),
    parseDecisionRecord: (t) => adr.parseDecisionRecord('docs/adr/0001-use-x.md', t),
    decisionRecordFrom: (t) => adr.decisionRecordFrom('doc/adr/20250101-x.md', markdown.parseMarkdown(t)),
    normaliseStatus: (t) => adr.normaliseStatus(t),
    changeLogEntries: (t) => adr.changeLogEntries(markdown.parseMarkdown(t)),
  },
  'alert-rules': {
    readAlertRules: (t) => alertRules.readAlertRules(parsedOk(yaml.parseYaml(t)), t, 3),
    readAlertmanagerConfig: (t) => alertRules.readAlertmanagerConfig(parsedOk(yaml.parseYaml(t))),
  },
  changelog: { changelogEntries: (t) => changelog.changelogEntries(markdown.parseMarkdown(t)) },
  'ci-pipelines': {
    ciSystemOfPath: (t) => ciPipelines.ciSystemOfPath(t),
    ...Object.fromEntries(
      (['github-actions', 'gitlab-ci', 'azure-pipelines', 'jenkins', 'circleci', 'bitbucket-pipelines'] as const).map((system) => [
        `readCiPipeline ${system}`,
        (t: string) => {
          const read = checkParsed(ciPipelines.readCiPipeline(system, '.github/workflows/ci.yml', t)) as result.Parsed<unknown>;
          if (!read.ok) ciPipelines.describeCiError(read.error);
        },
      ]),
    ),
    jenkinsfile: (t) => jenkinsfile.readJenkinsfile('Jenkinsfile', t),
    isAzurePipelineShape: (t) => {
      const read = yaml.parseYamlMapping(t);
      if (read.ok) ciPipelines.isAzurePipelineShape(read.value);
      checkParsed(ciPipelines.readCiPipeline('azure-pipelines', 'pipelines/train.yml', t));
    },
  },
  codeowners: {
    parseCodeowners: (t) => {
      const parsedOwners = codeowners.parseCodeowners(t);
      const match = codeowners.codeownersMatcher(parsedOwners.rules);
      for (const candidate of ['src/train.py', 'docs/adr/0001-x.md', t.slice(0, 60), '']) match(candidate);
    },
    patternMatcher: (t) => {
      const matches = codeowners.patternMatcher(t.slice(0, 200));
      matches('src/a/b/c.py');
      matches(t.slice(0, 200));
      codeowners.matchSegments(t.split('/').slice(0, 30), 'a/b/c/d'.split('/'));
    },
    ownerKind: (t) => codeowners.ownerKind(t),
  },
  contacts: {
    scanContacts: (t) => contacts.realReach(contacts.scanContacts(t, 3)),
    placeholders: (t) => contacts.isPlaceholderEmail(t) || contacts.isPlaceholderHandle(t) || contacts.isPlaceholderOwner(t),
  },
  'coverage-config': {
    readCoverageSettings: (t) => {
      for (const file of ['pyproject.toml', '.coveragerc', 'setup.cfg', 'package.json', 'codecov.yml', '.nycrc.json', 'jest.config.js', 'vitest.config.ts']) checkParsed(coverageConfig.readCoverageSettings(file, t));
    },
    covFailUnder: (t) => coverageConfig.covFailUnder(t) ?? coverageConfig.measuresCoverage(t),
    percentOf: (t) => coverageConfig.percentOf(t) ?? coverageConfig.percentOf(parsedOk(yaml.parseYaml(t))),
  },
  'environment-names': { environmentStage: (t) => environmentNames.environmentStage(t) ?? environmentNames.environmentLabel(t) },
  'ini-sections': { readIniSections: (t) => iniSections.readIniSections(t) },
  'make-recipes': {
    parseMakeRules: (t) => {
      const rules = makeRecipes.parseMakeRules(t);
      const variables = makeRecipes.makeVariables(t);
      const first = makeRecipes.defaultTarget(rules);
      for (const target of [first ?? 'train', 'train', 'all']) for (const command of makeRecipes.commandsForTarget(rules, target, 8)) makeRecipes.expandMakeVariables(command.text, variables);
      makeRecipes.expandMakeVariables(t, variables);
    },
  },
  lines: {
    lineStarts: (t) => lines.lineStarts(t),
    lineAtIndex: (t) => {
      const starts = lines.lineStarts(t);
      for (const index of [-1, 0, t.length >> 1, t.length, t.length + 5]) lines.lineAtIndex(starts, index);
    },
    lineOfIndex: (t) => lines.lineOfIndex(t, t.length >> 1),
    lineOfText: (t) => lines.lineOfText(t, t.slice(t.length >> 1, (t.length >> 1) + 3)),
  },
  placeholders: { startsWithTodo: (t) => placeholders.startsWithTodo(t) },
  terraform: {
    scanTerraform: (t) => terraform.scanTerraform(t),
    scanTfvars: (t) => terraform.scanTfvars(t),
    cloudOfType: (t) => terraform.cloudOfType(t),
  },
  'content-hash': {
    contentHash: (t) => {
      for (const algorithm of ['md5', 'sha1', 'sha256', 'sha512', 'etag', 'checksum'] as const) {
        const hash = contentHash.contentHash(algorithm, t, { allowDir: true });
        contentHash.hexOf(hash);
        contentHash.describeHash(hash);
        contentHash.expectedForm(algorithm);
      }
    },
    prefixedHash: (t) => {
      const hash = contentHash.prefixedHash(t, 'sha256');
      if (hash) contentHash.describeHash(hash);
    },
  },
  'coverage-reports': {
    coverageFormatOfPath: (t) => coverage.coverageFormatOfPath(t),
    parseCoverageReport: (t) => {
      for (const format of ['cobertura', 'lcov', 'coverage-py-json', 'istanbul-summary'] as const) checkParsed(coverage.parseCoverageReport(format, t));
    },
    parseCobertura: (t) => checkParsed(coverage.parseCobertura(t, { maxDepth: 16 })),
    readCoverageXml: (t) => {
      const root = parsedOk(xml.parseXml(t));
      if (root) checkParsed(coverage.readCoverageXml(root, t));
    },
    parseLcov: (t) => checkParsed(coverage.parseLcov(t)),
    parseCoveragePyJson: (t) => checkParsed(coverage.parseCoveragePyJson(t)),
    parseIstanbulSummary: (t) => checkParsed(coverage.parseIstanbulSummary(t)),
    parseGoCoverProfile: (t) => checkParsed(coverage.parseGoCoverProfile(t)),
    parseSimplecovLastRun: (t) => checkParsed(coverage.parseSimplecovLastRun(t)),
  },
  'criteria-table': {
    readMarkdownCriteria: (t) => {
      criteriaTable.readMarkdownCriteria(t, { scope: 'document' });
      criteriaTable.readMarkdownCriteria(t, { scope: 'sections' });
    },
    CRITERIA_HEADING: (t) => criteriaTable.CRITERIA_HEADING.test(t),
  },
  'criteria-text': {
    comparatorFromText: (t) => criteriaText.comparatorFromText(t),
    parseNumberText: (t) => criteriaText.parseNumberText(t),
    normaliseUnit: (t) => criteriaText.normaliseUnit(t),
    parseThreshold: (t) => criteriaText.parseThreshold(t),
    findThresholds: (t) => criteriaText.findThresholds(t),
    parseMeasured: (t) => criteriaText.parseMeasured(t),
    isReportedOnly: (t) => criteriaText.isReportedOnly(t),
    isPlaceholder: (t) => criteriaText.isPlaceholder(t),
    parseDataReference: (t) => criteriaText.parseDataReference(t),
    parseCriterionSentence: (t) => criteriaText.parseCriterionSentence(t),
    findVaguePhrase: (t) => criteriaText.findVaguePhrase(t),
    splitSentences: (t) => criteriaText.splitSentences(t),
    parseApproval: (t) => criteriaText.parseApproval(t),
  },
  croissant: { parseCroissant: (t) => checkParsed(croissant.parseCroissant(t)) },
  cron: { describeCron: (t) => cron.describeCron(t) },
  csv: {
    parseCsv: (t) => {
      const table = parsedOk(checkParsed(csv.parseCsv(t, { maxRows: 50 })) as result.Parsed<csv.CsvTable>);
      if (table) {
        promptfooResults.readPromptfooCsv(table);
        llmEvalExports.readEvalResultsTable(table.header, table.rows, table.rowLines);
        llmEvalExports.readEvalClaims(table.header, table.rows, table.rowLines);
      }
    },
  },
  'llm-eval-exports': {
    readDeepevalTestRun: (t) => llmEvalExports.readDeepevalTestRun(parsedOk(json.parseJson(t))),
    readLangfuseDatasetRun: (t) => llmEvalExports.readLangfuseDatasetRun(parsedOk(yaml.parseYaml(t))),
    readLangsmithExperiment: (t) => llmEvalExports.readLangsmithExperiment(t.split('\n').map((line) => parsedOk(json.parseJson(line)))),
    readEvalResultsTable: (t) => {
      const document = markdown.parseMarkdown(t);
      for (const table of document.tables) {
        llmEvalExports.readEvalResultsTable(table.header, table.rows, table.rowLines);
        llmEvalExports.readEvalClaims(table.header, table.rows, table.rowLines);
      }
    },
    metricKeyOf: (t) => llmEvalExports.metricKeyOf(t),
    readProseClaims: (t) => llmEvalExports.readProseClaims(t, 1),
    readEvalSummary: (t) => llmEvalExports.readEvalSummary(parsedOk(json.parseJson(t)) ?? parsedOk(yaml.parseYaml(t))),
  },
  'data-manifest': {
    parseDataManifest: (t) => {
      checkParsed(dataManifest.parseDataManifest(t, 'yaml'));
      checkParsed(dataManifest.parseDataManifest(t, 'json'));
    },
  },
  'dataset-card': {
    parseDatasetDocument: (t) => {
      datasetCard.parseDatasetDocument(t);
      datasetCard.parseDatasetDocument(t, { generalDocument: true });
    },
  },
  dockerfile: {
    isDockerfileName: (t) => dockerfile.isDockerfileName(t),
    parseDockerfile: (t) => {
      const parsedFile = dockerfile.parseDockerfile(t);
      for (const stage of parsedFile.stages) {
        dockerfile.pythonVersionOfImage(stage);
        dockerfile.cudaVersionOfImage(stage);
        dockerfile.runtimeOfImage(stage);
      }
    },
  },
  'ecosystem-lockfiles': {
    ecosystemLockKindOf: (t) => ecosystemLockfiles.ecosystemLockKindOf(t),
    isBinaryLock: (t) => ecosystemLockfiles.isBinaryLock('bun', t),
    parseEcosystemLock: (t) => {
      for (const kind of ['npm', 'yarn', 'pnpm', 'bun', 'bundler', 'go-sum', 'cargo', 'gradle', 'nuget', 'composer', 'helm', 'mix'] as const) checkParsed(ecosystemLockfiles.parseEcosystemLock(kind, t));
    },
    parseNpmLock: (t) => checkParsed(ecosystemLockfiles.parseNpmLock(t)),
    parseYarnLock: (t) => checkParsed(ecosystemLockfiles.parseYarnLock(t)),
    parsePnpmLock: (t) => checkParsed(ecosystemLockfiles.parsePnpmLock(t)),
    parseGemfileLock: (t) => checkParsed(ecosystemLockfiles.parseGemfileLock(t)),
    parseGoSum: (t) => checkParsed(ecosystemLockfiles.parseGoSum(t)),
    parseCargoLock: (t) => checkParsed(ecosystemLockfiles.parseCargoLock(t)),
    parseGradleLock: (t) => checkParsed(ecosystemLockfiles.parseGradleLock(t)),
    parseNugetLock: (t) => checkParsed(ecosystemLockfiles.parseNugetLock(t)),
    parseComposerLock: (t) => checkParsed(ecosystemLockfiles.parseComposerLock(t)),
    parseChartLock: (t) => checkParsed(ecosystemLockfiles.parseChartLock(t)),
    parseMixLock: (t) => checkParsed(ecosystemLockfiles.parseMixLock(t)),
  },
  'runtime-versions': {
    isRuntimeFile: (t) => runtimeVersions.isRuntimeFile(t),
    namesOneVersion: (t) => runtimeVersions.namesOneVersion(t),
    runtimeStatements: (t) => {
      for (const name of ['.ruby-version', '.nvmrc', '.tool-versions', '.sdkmanrc', 'mise.toml', 'rust-toolchain.toml', 'global.json', 'go.mod', 'package.json', 'Gemfile', 'composer.json', 'Cargo.toml', 'build.gradle.kts', 'pom.xml', 'mix.exs', 'Api.csproj']) runtimeVersions.runtimeStatements(name, t);
    },
  },
  dvc: {
    parseDvcConfig: (t) => checkParsed(dvc.parseDvcConfig(t)),
    isLocalRemote: (t) => dvc.isLocalRemote(t),
    parseDvcFile: (t) => checkParsed(dvc.parseDvcFile(t)),
    parseDvcPipeline: (t) => {
      const pipeline = parsedOk(checkParsed(dvc.parseDvcPipeline(t)) as result.Parsed<dvc.DvcPipeline>);
      const lock = parsedOk(dvc.parseDvcLock(t));
      if (pipeline && lock) for (const stage of pipeline.stages) dvc.lockStagesFor(lock, stage);
    },
    parseDvcLock: (t) => checkParsed(dvc.parseDvcLock(t)),
    hasParam: (t) => {
      const value = parsedOk(yaml.parseYamlMapping(t));
      if (value) {
        dvc.hasParam(value, t.slice(0, 40));
        dvc.hasParam(value, 'a.b.c');
        dvc.hasParam(value, '__proto__.x');
      }
    },
    seedKeys: (t) => {
      const value = parsedOk(yaml.parseYamlMapping(t));
      if (value) dvc.seedKeys(value);
    },
  },
  'eval-criteria-file': { readCriteriaFile: (t) => checkParsed(evalCriteriaFile.readCriteriaFile(t)) },
  'failure-modes': {
    facetsOf: (t) => {
      const facets = failureModes.facetsOf(t);
      failureModes.facetCount(facets);
      failureModes.missingFacets(facets);
    },
    isEdgeCase: (t) => failureModes.isEdgeCase(t),
    troubleshootingSections: (t) => failureModes.troubleshootingSections(markdown.parseMarkdown(t), t.split('\n')),
    usesAdvisedAgainst: (t) => failureModes.usesAdvisedAgainst({ line: 1, text: t }),
    sections: (t) => {
      const document = markdown.parseMarkdown(t);
      for (const section of [...failureModes.failureSections(document), ...failureModes.outOfScopeSections(document)]) {
        failureModes.readFailureRegion(t, document, failureModes.rangeOf(section));
      }
      failureModes.readFailureRegion(t, document, failureModes.wholeDocument(t));
      failureModes.readFailureRegion(t, document, { fromLine: 7, toLine: 3, depth: 2 });
    },
    entryFromText: (t) => {
      failureModes.entryFromText('section', 1, t.slice(0, 80), t, true, true);
      failureModes.entryFromText('prose', 0, '', t);
    },
    listItems: (t) => {
      const lines = t.split('\n');
      failureModes.listItems(lines, 0, lines.length);
      failureModes.listItems(lines, 5, 2, [[0, 3]]);
      failureModes.listItems(lines, -3, lines.length + 10);
    },
    croissantLimitations: (t) => {
      const value = parsedOk(json.parseJsonObject(t)) ?? parsedOk(yaml.parseYamlMapping(t));
      if (value) failureModes.croissantLimitations(value);
    },
    FAILURE_HEADING: (t) => failureModes.FAILURE_HEADING.test(t) || failureModes.OUT_OF_SCOPE_HEADING.test(t),
    isFailureHeading: (t) => failureModes.isFailureHeading(t),
    CHANGE_LOG_FILE: (t) => failureModes.CHANGE_LOG_FILE.test(t) || failureModes.ABOUT_MODEL_OR_SYSTEM.test(t),
  },
  'gate-file': {
    GATE_FILE: (t) => gateFile.GATE_FILE.test(t),
    readGateFile: (t) => {
      checkParsed(gateFile.readGateFile(t));
      checkParsed(gateFile.readGateFile(t, { named: true }));
    },
  },
  'threshold-constants': {
    isModelQualityMetric: (t) => thresholdConstants.isModelQualityMetric(t),
    readThresholdConstants: (t) => {
      thresholdConstants.readThresholdConstants('evaluate.py', t);
      thresholdConstants.readThresholdConstants('configs/eval.yaml', t, { configuration: true });
    },
    notebookCode: (t) => thresholdConstants.notebookCode(t),
  },
  vocabulary: {
    normalisePhrase: (t) => vocabulary.normalisePhrase(t),
    speaks: (t) => {
      for (const family of [vocabulary.LIMITATIONS, vocabulary.ROLLBACK, vocabulary.TURN_OFF, vocabulary.ESCALATION, vocabulary.MODEL_CARD_TITLE]) vocabulary.speaks(family, t);
    },
    describeFamily: (t) => vocabulary.describeFamily({ ...vocabulary.LIMITATIONS, terms: [t.slice(0, 40), ...vocabulary.LIMITATIONS.terms] }),
  },
  fmea: {
    classifyFailureColumn: (t) => fmea.classifyFailureColumn(t, t.split('|')),
    readFailureTable: (t) => {
      for (const table of markdown.parseMarkdown(t).tables) {
        const read = fmea.readFailureTable(table);
        for (const row of read?.rows ?? []) fmea.ratingProblems(row);
      }
    },
  },
  frictionless: {
    parseDataPackage: (t) => {
      checkParsed(frictionless.parseDataPackage(t));
      checkParsed(frictionless.parseDataPackage(t, 'yaml'));
    },
  },
  'git-lfs': {
    parseGitattributes: (t) => {
      const rules = gitLfs.parseGitattributes(t);
      const matches = gitLfs.gitattributesMatcher(rules, 'data');
      for (const candidate of ['data/x.csv', 'data/a/b/model.bin', t.slice(0, 40), '']) matches(candidate);
      gitLfs.gitattributesMatcher(rules, t.slice(0, 20))('x');
    },
    parseLfsPointer: (t) => checkParsed(gitLfs.parseLfsPointer(t)),
    looksLikeLfsPointer: (t) => gitLfs.looksLikeLfsPointer(t),
  },
  notebook: {
    notebookCells: (t) => {
      notebook.notebookCells(t);
      notebook.notebookCells(JSON.stringify({ cells: [{ cell_type: 'code', source: [t] }, null, { cell_type: 7, source: t }] }));
    },
  },
  'great-expectations': { readExpectationSuite: (t) => checkParsed(greatExpectations.readExpectationSuite(t)) },
  json: {
    parseJson: (t) => checkParsed(json.parseJson(t)),
    parseJsonObject: (t) => checkParsed(json.parseJsonObject(t, 8)),
  },
  'junit-xml': {
    parseJunitXml: (t) => checkParsed(junit.parseJunitXml(t)),
    readJunit: (t) => {
      const root = parsedOk(xml.parseXml(t));
      if (root) {
        junit.isJunitRoot(root);
        checkParsed(junit.readJunit(root));
      }
    },
  },
  'license-text': {
    identifyLicense: (t) => licenseText.identifyLicense(t),
    spdxFromName: (t) => licenseText.spdxFromName(t),
    sameLicense: (t) => licenseText.sameLicense(t, 'MIT') || licenseText.sameLicense(t, t),
  },
  'lm-eval': {
    readLmEvalTask: (t) => checkParsed(lmEval.readLmEvalTask(t)),
    isLmEvalTask: (t) => lmEval.isLmEvalTask(parsedOk(yaml.parseYaml(t))),
  },
  lockfiles: {
    lockKindOf: (t) => lockfiles.lockKindOf(t),
    parseLockfile: (t) => {
      for (const kind of ['uv', 'poetry', 'pipenv', 'pdm', 'conda-lock', 'conda-explicit'] as const) checkParsed(lockfiles.parseLockfile(kind, t));
    },
    parseUvLock: (t) => checkParsed(lockfiles.parseUvLock(t)),
    parsePoetryLock: (t) => checkParsed(lockfiles.parsePoetryLock(t)),
    parsePdmLock: (t) => checkParsed(lockfiles.parsePdmLock(t)),
    parsePipfileLock: (t) => checkParsed(lockfiles.parsePipfileLock(t)),
    parseCondaLock: (t) => checkParsed(lockfiles.parseCondaLock(t)),
    parseCondaExplicit: (t) => checkParsed(lockfiles.parseCondaExplicit(t)),
    parseCondaEnvironment: (t) => checkParsed(lockfiles.parseCondaEnvironment(t)),
    parsePyproject: (t) => checkParsed(lockfiles.parsePyproject(t)),
    parsePipfile: (t) => checkParsed(lockfiles.parsePipfile(t)),
    parsePythonVersionFile: (t) => lockfiles.parsePythonVersionFile(t),
  },
  'make-targets': { parseMakeTargets: (t) => makeTargets.parseMakeTargets(t) },
  markdown: {
    parseMarkdown: (t) => {
      const document = markdown.parseMarkdown(t);
      markdown.findSection(document, /status|decision/i);
    },
    normaliseHeading: (t) => markdown.normaliseHeading(t),
  },
  'metric-names': {
    canonicalMetric: (t) => metricNames.canonicalMetric(t),
    looksLikeMetric: (t) => metricNames.looksLikeMetric(t),
    metricDirection: (t) => metricNames.metricDirection(t),
  },
  mlmodel: { parseMlmodelFile: (t) => checkParsed(mlmodel.parseMlmodelFile(t)) },
  'mlflow-file-store': {
    parseExperimentMeta: (t) => checkParsed(mlflowFileStore.parseExperimentMeta(t)),
    parseRunMeta: (t) => checkParsed(mlflowFileStore.parseRunMeta(t)),
    // The parser-free path must give exactly what the YAML parser gives whenever it answers.
    flatMetaMapping: (t) => {
      const fast = mlflowFileStore.flatMetaMapping(t);
      if (fast && !isDeepStrictEqual(fast, yaml.parseYamlMapping(t))) throw new Error(`flat read differs from YAML: ${show(t)}`);
      return fast;
    },
    parseRegisteredModelMeta: (t) => checkParsed(mlflowFileStore.parseRegisteredModelMeta(t)),
    parseModelVersionMeta: (t) => checkParsed(mlflowFileStore.parseModelVersionMeta(t)),
    parseLoggedModelMeta: (t) => checkParsed(mlflowFileStore.parseLoggedModelMeta(t)),
    parseMetricHistory: (t) => checkParsed(mlflowFileStore.parseMetricHistory(t)),
    parseMlmodel: (t) => checkParsed(mlflowFileStore.parseMlmodel(t)),
    runStatusFrom: (t) => mlflowFileStore.runStatusFrom(parsedOk(yaml.parseYaml(t))),
    ids: (t) => mlflowFileStore.MLFLOW_RUN_ID.test(t) || mlflowFileStore.MLFLOW_LOGGED_MODEL_ID.test(t),
  },
  'model-card': {
    isModelCardFileName: (t) => modelCard.isModelCardFileName(t),
    isReadmeFileName: (t) => modelCard.isReadmeFileName(t),
    parseModelCard: (t) => {
      const card = modelCard.parseModelCard(t);
      modelCard.readmeIsModelCard(card);
      for (const part of modelCard.MODEL_CARD_PARTS) {
        modelCard.sectionFor(card, part);
        modelCard.sectionsFor(card, part);
        modelCard.mergedSectionFor(card, part);
      }
    },
    isModelCardMetadata: (t) => {
      const front = parsedOk(yaml.parseYamlMapping(t));
      if (front) modelCard.isModelCardMetadata(front);
    },
    stripTemplateText: (t) => modelCard.stripTemplateText(t),
    countWords: (t) => modelCard.countWords(t),
    headingKey: (t) => modelCard.headingKey(t),
    isModelCardByContent: (t) => {
      const card = modelCard.parseModelCard(t);
      modelCard.isModelCardByContent(card, 'SYSTEM_CARD.md');
      modelCard.isModelCardByContent(card, 'docs/notes.md');
    },
  },
  'model-index': {
    readModelIndex: (t) => checkParsed(modelIndex.readModelIndex(t)),
    readModelIndexFrontMatter: (t) => checkParsed(modelIndex.readModelIndex(`---\n${t}\n---\n# Card\n`)),
    readEvalResults: (t) => checkParsed(modelIndex.readEvalResults(t)),
    frontMatterOf: (t) => modelIndex.frontMatterOf(t),
  },
  'monitoring-configs': {
    readMonitoringConfig: (t) => {
      const value = parsedOk(yaml.parseYaml(t));
      for (const file of ['evidently/config.yaml', 'nannyml.yaml', '.whylogs.yaml', 'great_expectations/checkpoints/x.yml', 'monitoring/x.yaml']) monitoringConfigs.readMonitoringConfig(file, value);
      monitoringConfigs.readMonitoringConfig(t.slice(0, 100), value);
    },
  },
  'monitoring-code': {
    readMonitoringCode: (t) => monitoringCode.readMonitoringCode(t),
    readMonitoringStack: (t) => monitoringCode.readMonitoringStack(parsedOk(yaml.parseYaml(t))),
  },
  'monitoring-iac': {
    readMonitoringIac: (t) => monitoringIac.readMonitoringIac(t),
  },
  'pipeline-monitoring': {
    readPipelineMonitoring: (t) => {
      pipelineMonitoring.readPipelineMonitoring('dags/monitoring.py', t);
      pipelineMonitoring.readPipelineMonitoring(t.slice(0, 200), `with DAG(\n${t}`);
    },
  },
  'agent-instructions': {
    isAgentInstructionFile: (t) => agentInstructions.isAgentInstructionFile(t),
  },
  'monitoring-signals': {
    readMonitoringSignals: (t) => monitoringSignals.readMonitoringSignals(t),
    categoriesOf: (t) => monitoringSignals.categoriesOf(t),
    isThresholdKey: (t) => monitoringSignals.isThresholdKey(t),
  },
  'openai-evals': {
    readOpenAiEvalsRegistry: (t) => checkParsed(openaiEvals.readOpenAiEvalsRegistry(t)),
    isOpenAiEvalsRegistry: (t) => openaiEvals.isOpenAiEvalsRegistry(parsedOk(yaml.parseYaml(t))),
  },
  'rag-evaluator-config': {
    readRagEvaluatorConfig: (t) => checkParsed(ragEvaluatorConfig.readRagEvaluatorConfig(t)),
    isRagEvaluatorConfig: (t) => ragEvaluatorConfig.isRagEvaluatorConfig(parsedOk(json.parseJson(t))),
  },
  promptfoo: {
    readPromptfooConfig: (t) => checkParsed(promptfoo.readPromptfooConfig(t)),
    isPromptfooConfig: (t) => promptfoo.isPromptfooConfig(parsedOk(yaml.parseYaml(t))),
  },
  'promptfoo-results': {
    readPromptfooResults: (t) => promptfooResults.readPromptfooResults(parsedOk(json.parseJson(t)) ?? parsedOk(yaml.parseYaml(t))),
    isPromptfooResults: (t) => promptfooResults.isPromptfooResults(parsedOk(yaml.parseYaml(t))),
  },
  requirements: {
    normaliseName: (t) => requirements.normaliseName(t),
    parseRequirements: (t) => requirements.parseRequirements(t),
    pinOfSpecifier: (t) => requirements.pinOfSpecifier(t),
  },
  result: {
    describeFormatError: (t) => result.describeFormatError({ message: t, line: t.length, column: 1 }),
    nestingDepth: (t) => result.nestingDepth(parsedOk(json.parseJson(t, 10_000))),
  },
  runbook: {
    parseRunbook: (t) => runbook.bestCoverage([runbook.parseRunbook('docs/runbooks/deploy.md', t), runbook.parseRunbook('RUNBOOK.md', t)]),
    looksLikeAnsible: (t) => runbook.looksLikeAnsible(t),
    NOT_A_RUNBOOK: (t) => runbook.NOT_A_RUNBOOK.test(t),
    classifyProcedure: (t) => {
      runbook.classifyProcedure('docs/turning-the-service-off.md', t);
      runbook.classifyProcedure('README.md', t);
    },
    extractProcedureSections: (t) => {
      runbook.extractProcedureSections('README.md', t);
      runbook.extractProcedureSections('scripts/deploy/README.md', `# Deploy\n\n${t}`);
    },
    notebookMarkdown: (t) => {
      runbook.notebookMarkdown(t);
      const notebook = runbook.notebookMarkdown(JSON.stringify({ cells: [{ cell_type: 'markdown', source: t }, { cell_type: 'code', source: [t, `!${t}`] }, { cell_type: 'code', source: `%%bash\n${t}` }] }));
      if (notebook !== null) runbook.classifyProcedure('05-continuous-training.ipynb', notebook, { requireCommands: true });
    },
  },
  schedules: {
    readWorkflowSchedules: (t) => schedules.readWorkflowSchedules('.github/workflows/retrain.yml', parsedOk(yaml.parseYaml(t)), t),
    readAirflowSchedule: (t) => schedules.readAirflowSchedule('dags/retrain.py', t),
    readKubernetesSchedule: (t) => schedules.readKubernetesSchedule(parsedOk(yaml.parseYaml(t)), t, 2),
    readCrontab: (t) => schedules.readCrontab('crontab', t),
  },
  'shell-references': {
    referencesInCommandLine: (t) => shellReferences.referencesInCommandLine(t),
    commandLines: (t) => {
      for (const line of shellReferences.commandLines(t)) shellReferences.referencesInCommandLine(line.text);
    },
    looksRepoRelative: (t) => shellReferences.looksRepoRelative(t),
    normaliseRepoPath: (t) => shellReferences.normaliseRepoPath(t),
    referenceInPathSpan: (t) => shellReferences.referenceInPathSpan(t),
  },
  'third-party-references': { findThirdPartyReferences: (t) => thirdParty.findThirdPartyReferences(t) },
  toml: { parseToml: (t) => checkParsed(toml.parseToml(t)) },
  trackers: {
    parseSacredRun: (t) => checkParsed(trackers.parseSacredRun(t)),
    CLEARML: (t) => trackers.CLEARML_TASK_INIT.test(t) || trackers.CLEARML_IMPORT.test(t) || trackers.TFEVENTS.test(t),
    dvcExperimentDeclaration: (t) => {
      const value = parsedOk(yaml.parseYamlMapping(t));
      if (value) trackers.dvcExperimentDeclaration(value);
    },
    dvcExperimentRef: (t) => trackers.dvcExperimentRef(t),
  },
  wandb: {
    parseWandbRunDirName: (t) => wandb.parseWandbRunDirName(t),
    parseWandbConfig: (t) => checkParsed(wandb.parseWandbConfig(t)),
    parseWandbSummary: (t) => checkParsed(wandb.parseWandbSummary(t)),
    parseWandbMetadata: (t) => checkParsed(wandb.parseWandbMetadata(t)),
  },
  xml: {
    parseXml: (t) => {
      const root = parsedOk(checkParsed(xml.parseXml(t)) as result.Parsed<xml.XmlElement>);
      if (root) {
        xml.childrenNamed(root, 'testcase');
        xml.descendantsNamed(root, 'a', 1000);
      }
    },
    localName: (t) => xml.localName(t),
  },
  'yaml-documents': {
    splitYamlDocuments: (t) => {
      for (const document of yamlDocuments.splitYamlDocuments(t)) yaml.parseYaml(document.text);
    },
    neutraliseHelmTemplate: (t) => yaml.parseYaml(yamlDocuments.neutraliseHelmTemplate(t)),
  },
  'yaml-locate': {
    // Only ever called on text parseYaml accepted (its contract): check that contract, and the cheap helper.
    yamlLocator: (t) => {
      if (!yaml.parseYaml(t).ok) return;
      const locate = yamlLocate.yamlLocator(t);
      locate(['stages', 0, 'cmd']);
      locate(['groups', 'rules'], true);
      yamlLocate.locateYamlPath(t, [], false);
    },
    lineOf: (t) => {
      yamlLocate.lineOf(t, 'stages');
      yamlLocate.lineOf(t, /^\s*cmd:/, 2);
    },
  },
  'yaml-located': {
    parseYamlLocated: (t) => {
      const located = parsedOk(checkParsed(yamlLocated.parseYamlLocated(t)) as result.Parsed<yamlLocated.LocatedYaml>);
      located?.locate(['a', 0, 'b']);
    },
  },
  yaml: {
    parseYaml: (t) => checkParsed(yaml.parseYaml(t)),
    parseYamlMapping: (t) => checkParsed(yaml.parseYamlMapping(t, { maxAliases: 5, maxDepth: 16 })),
  },
};

/** Functions that take an already-parsed value: fed structured-but-wrong values directly. */
const VALUE_DRIVERS: Record<string, Driver<unknown>> = {
  text: (v) => values.text(v),
  finite: (v) => values.finite(v),
  integer: (v) => values.integer(v),
  isRecord: (v) => values.isRecord(v),
  readAlertRules: (v) => alertRules.readAlertRules(v, 'groups:\n  - name: x\n', 0),
  readAlertmanagerConfig: (v) => alertRules.readAlertmanagerConfig(v),
  contentHash: (v) => contentHash.contentHash('md5', v, { allowDir: true }),
  prefixedHash: (v) => contentHash.prefixedHash(v),
  croissantLimitations: (v) => failureModes.croissantLimitations(asRecord(v)),
  hasParam: (v) => dvc.hasParam(asRecord(v), 'train.seed'),
  seedKeys: (v) => dvc.seedKeys(asRecord(v)),
  isLmEvalTask: (v) => lmEval.isLmEvalTask(v),
  runStatusFrom: (v) => mlflowFileStore.runStatusFrom(v),
  isModelCardMetadata: (v) => modelCard.isModelCardMetadata(asRecord(v)),
  readMonitoringConfig: (v) => {
    for (const file of ['evidently/config.yaml', 'nannyml.yaml', '.whylogs.yaml', 'gx/checkpoints/a.yml', 'x.yaml']) monitoringConfigs.readMonitoringConfig(file, v);
  },
  isOpenAiEvalsRegistry: (v) => openaiEvals.isOpenAiEvalsRegistry(v),
  isPromptfooConfig: (v) => promptfoo.isPromptfooConfig(v),
  isPromptfooResults: (v) => promptfooResults.isPromptfooResults(v) && promptfooResults.readPromptfooResults(v),
  // The readers also meet the values inside a well-formed shell, so the fuzzed part reaches their loops.
  readPromptfooResults: (v) => {
    promptfooResults.readPromptfooResults(v);
    promptfooResults.readPromptfooResults({ evalId: 'e', results: { version: 3, prompts: [asRecord(v), v], results: [v, asRecord(v), { promptIdx: 0, gradingResult: { componentResults: [v, asRecord(v)] }, namedScores: asRecord(v) }], stats: asRecord(v) }, config: asRecord(v) });
  },
  readDeepevalTestRun: (v) => {
    llmEvalExports.readDeepevalTestRun(v);
    llmEvalExports.readDeepevalTestRun({ testRunData: { testCases: [v, asRecord(v), { metricsData: [v, asRecord(v)] }], metricsScores: [v, asRecord(v)], hyperparameters: v } });
  },
  readEvalSummary: (v) => llmEvalExports.readEvalSummary({ ...asRecord(v), quality_score: 1, config: v, results: [v] }),
  readLangfuseDatasetRun: (v) => llmEvalExports.readLangfuseDatasetRun({ ...asRecord(v), datasetName: 'd', datasetRunItems: [v, asRecord(v), { scores: [v, asRecord(v)] }], scores: v }),
  readLangsmithExperiment: (v) => {
    llmEvalExports.readLangsmithExperiment(v);
    llmEvalExports.readLangsmithExperiment({ feedback_stats: asRecord(v), start_time: v, extra: { metadata: v } });
    llmEvalExports.readLangsmithExperiment([{ feedback_stats: asRecord(v), session_id: v, extra: asRecord(v) }, v]);
  },
  nestingDepth: (v) => result.nestingDepth(v, 100),
  readWorkflowSchedules: (v) => schedules.readWorkflowSchedules('.github/workflows/x.yml', v, 'on:\n  schedule:\n'),
  readKubernetesSchedule: (v) => schedules.readKubernetesSchedule(v, 'kind: CronJob\n', 0),
  percentOf: (v) => coverageConfig.percentOf(v),
  // The same values as files: through each text parser that reads JSON or YAML.
  asJsonFiles: (v) => {
    const t = safeJson(v);
    for (const parse of JSON_FILE_PARSERS) checkParsed(parse(t));
  },
  asYamlFiles: (v) => {
    const t = safeYaml(v);
    for (const parse of YAML_FILE_PARSERS) checkParsed(parse(t));
  },
};

const JSON_FILE_PARSERS: Array<(text: string) => unknown> = [
  croissant.parseCroissant,
  (t) => frictionless.parseDataPackage(t),
  (t) => dataManifest.parseDataManifest(t, 'json'),
  coverage.parseCoveragePyJson,
  coverage.parseIstanbulSummary,
  greatExpectations.readExpectationSuite,
  lockfiles.parsePipfileLock,
  trackers.parseSacredRun,
  wandb.parseWandbSummary,
  wandb.parseWandbMetadata,
];

const YAML_FILE_PARSERS: Array<(text: string) => unknown> = [
  dvc.parseDvcFile,
  dvc.parseDvcPipeline,
  dvc.parseDvcLock,
  evalCriteriaFile.readCriteriaFile,
  (t) => frictionless.parseDataPackage(t, 'yaml'),
  (t) => dataManifest.parseDataManifest(t, 'yaml'),
  lmEval.readLmEvalTask,
  lockfiles.parseCondaLock,
  lockfiles.parseCondaEnvironment,
  mlflowFileStore.parseExperimentMeta,
  mlflowFileStore.parseRunMeta,
  mlflowFileStore.parseRegisteredModelMeta,
  mlflowFileStore.parseModelVersionMeta,
  mlflowFileStore.parseLoggedModelMeta,
  mlflowFileStore.parseMlmodel,
  modelIndex.readEvalResults,
  (t) => modelIndex.readModelIndex(`---\n${t}---\n# Model card\n`),
  (t) => datasetCard.parseDatasetDocument(`---\n${t}---\n# Dataset card\n`),
  (t) => modelCard.parseModelCard(`---\n${t}---\n# Model card\n`),
  (t) => adr.parseDecisionRecord('docs/decisions/0001-x.md', `---\n${t}---\n# 1. X\n`),
  openaiEvals.readOpenAiEvalsRegistry,
  promptfoo.readPromptfooConfig,
  wandb.parseWandbConfig,
  (t) => alertRules.readAlertRules(parsedOk(yaml.parseYaml(t)), t),
  (t) => schedules.readKubernetesSchedule(parsedOk(yaml.parseYaml(t)), t),
  (t) => schedules.readWorkflowSchedules('.github/workflows/a.yml', parsedOk(yaml.parseYaml(t)), t),
];

/** Functions over listings (lists of repository paths). */
const PATH_DRIVERS: Record<string, Driver<string[]>> = {
  findFileStoreRoots: (list) => mlflowFileStore.findFileStoreRoots(list),
  indexFileStore: (list) => {
    for (const root of [...mlflowFileStore.findFileStoreRoots(list), 'mlruns', '']) mlflowFileStore.indexFileStore(root, list);
  },
  findArtifactOnlyRuns: (list) => mlflowFileStore.findArtifactOnlyRuns(list, new Set(list.slice(0, 3))),
  findWandbRoots: (list) => wandb.findWandbRoots(list),
  findTrackerMarkers: (list) => trackers.findTrackerMarkers(list),
  pathPredicates: (list) => {
    for (const item of list) {
      coverage.coverageFormatOfPath(item);
      dockerfile.isDockerfileName(item);
      lockfiles.lockKindOf(item);
      modelCard.isModelCardFileName(item);
      modelCard.isReadmeFileName(item);
      wandb.parseWandbRunDirName(item);
      runbook.NOT_A_RUNBOOK.test(item);
    }
  },
};

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
}

// ---- the properties --------------------------------------------------------------------------------------

describe('every text parser in src/formats survives arbitrary input in bounded time', () => {
  for (const [module, drivers] of Object.entries(TEXT_DRIVERS)) {
    it(module, () => fuzz(drivers, text));
  }
});

describe('readers of parsed values survive structured-but-wrong values', () => {
  it('value readers', () => fuzz(VALUE_DRIVERS, anyValue, RUNS * 2));
  it('listing readers', () => fuzz(PATH_DRIVERS, paths, RUNS * 2));
});

describe('worst cases at the 64 KiB bound, for every text parser', () => {
  // Deterministic, so a slow path found once stays found: nesting past every limit and long runs of the
  // characters regexes and line scanners treat specially.
  const WORST: Record<string, string> = {
    'flow nesting': '['.repeat(MAX_INPUT),
    'json object nesting': '{"a":'.repeat(MAX_INPUT / 5),
    'block sequence nesting': '- '.repeat(MAX_INPUT / 2 - 1) + 'x',
    'block mapping nesting': Array.from({ length: 350 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
    'explicit keys': '? '.repeat(MAX_INPUT / 2),
    'anchors': '&a '.repeat(MAX_INPUT / 3),
    'alias bomb': aliasBomb(),
    'blockquote nesting': '> '.repeat(MAX_INPUT / 2 - 1) + 'x',
    'list nesting': Array.from({ length: 250 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n'),
    'xml nesting': '<a>'.repeat(MAX_INPUT / 3),
    'emphasis': '*_'.repeat(MAX_INPUT / 2),
    'link brackets': '[](' .repeat(MAX_INPUT / 3),
    'backticks': '`'.repeat(MAX_INPUT),
    'table pipes': ('| a '.repeat(200) + '|\n').repeat(80),
    'spaces then x': ' '.repeat(MAX_INPUT - 1) + 'x',
    'tabs': '\t'.repeat(MAX_INPUT),
    'newlines': '\n'.repeat(MAX_INPUT),
    'digits': '1'.repeat(MAX_INPUT),
    'digit dots': '0.'.repeat(MAX_INPUT / 2),
    'word spaces': 'a '.repeat(MAX_INPUT / 2),
    'letters then bang': 'a'.repeat(MAX_INPUT - 1) + '!',
    'equals': 'a=='.repeat(MAX_INPUT / 3),
    'comparators': '>= 1 '.repeat(MAX_INPUT / 5),
    'backslash continuations': 'a \\\n'.repeat(MAX_INPUT / 4),
    'shell substitutions': '$('.repeat(MAX_INPUT / 2),
    'helm actions': '{{'.repeat(MAX_INPUT / 2),
    'quotes': '"'.repeat(MAX_INPUT),
    'single quotes': "'".repeat(MAX_INPUT),
    'hashes': '#'.repeat(MAX_INPUT),
    'dashes': '-'.repeat(MAX_INPUT),
    'colons': ':'.repeat(MAX_INPUT),
    'slashes': '/'.repeat(MAX_INPUT),
    'dots': '.'.repeat(MAX_INPUT),
    'html comments': '<!--'.repeat(MAX_INPUT / 4),
    'cdata': '<![CDATA['.repeat(MAX_INPUT / 9),
    'headings': '# a\n'.repeat(MAX_INPUT / 4),
    'front matter fences': '---\n'.repeat(MAX_INPUT / 4),
    'metric lines': '1700000000000 0.5 0\n'.repeat(MAX_INPUT / 20),
    'requirement lines': 'pkg==1.0 ; python_version >= "3.8" --hash=sha256:00\n'.repeat(MAX_INPUT / 52),
    'dockerfile': 'FROM python:3.11 AS a\nARG X=${X}\n'.repeat(MAX_INPUT / 36),
    'make rules': 'train: a b c\n\tpython train.py\n'.repeat(MAX_INPUT / 32),
    'cron lines': '0 0 * * * python retrain.py\n'.repeat(MAX_INPUT / 28),
    'invalid utf-8 decoded': new TextDecoder().decode(new Uint8Array(MAX_INPUT).map((_, i) => 0x80 + (i % 64))),
    'mentions and markup': '@org/team <script>alert(1)</script> [x](javascript:alert(1)) '.repeat(MAX_INPUT / 62),
  };

  beforeAll(() => {
    shared.on = true;
  });
  afterAll(() => {
    shared.on = false;
    shared.cache.clear();
  });

  for (const [module, drivers] of Object.entries(TEXT_DRIVERS)) {
    it(module, () => {
      for (const [label, input] of Object.entries(WORST)) {
        expect(input.length, label).toBeLessThanOrEqual(MAX_INPUT);
        for (const [name, driver] of Object.entries(drivers)) timed(`${name} (${label})`, driver, input);
      }
    });
  }
});

function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 9; level++) {
    const previous = String.fromCharCode(96 + level);
    const name = String.fromCharCode(97 + level);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
  }
  return lines.join('\n') + '\n';
}

describe('binary model formats survive arbitrary and near-valid bytes in bounded time', () => {
  const le32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
  const le64 = (n: number) => [...le32(n), 0, 0, 0, 0];
  // Prefixes that get past each reader's "is this my format?" test, followed by anything.
  const PREFIXES: number[][] = [
    [0x80, 0x04, 0x95], [0x80, 0x02], [0x63, 0x6f, 0x73, 0x0a], [0x28, 0x64, 0x70, 0x30, 0x0a], [0x8c, 0x02, 0x6f, 0x73],
    [0x50, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x05, 0x06], [0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0], [0x47, 0x47, 0x55, 0x46, 1, 0, 0, 0],
    [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], [0x08, 0x07, 0x12, 0x05], [0x08, 0x09, 0x3a, 0xff, 0xff, 0x03],
    [...le64(40), 0x7b], [...le64(0xffffff), 0x7b],
  ];
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 4096 }),
    fc.tuple(fc.constantFrom(...PREFIXES), fc.uint8Array({ maxLength: 2048 })).map(([prefix, rest]) => concat(new Uint8Array(prefix), rest)),
    // A stream of valid opcode bytes in random order: stack underflows, marks without ends, memo gets of nothing.
    fc.array(fc.constantFrom(0x28, 0x29, 0x2e, 0x30, 0x31, 0x32, 0x4e, 0x52, 0x62, 0x5d, 0x7d, 0x61, 0x65, 0x73, 0x75, 0x74, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x97, 0x98, 0x81), { maxLength: 2000 }).map((ops) => new Uint8Array([0x80, 0x05, ...ops])),
  );
  const drivers: Record<string, Driver<Uint8Array>> = {
    pickle: (b) => {
      pickleFormat.looksLikePickle(b);
      const walk = pickleFormat.walkPickle(b, { maxOpcodes: 100_000 });
      for (const g of [...walk.globals, ...pickleFormat.findImportPatterns(b)]) pickleFormat.classifyGlobal(g.module, g.name);
      pickleFormat.walkPickle(b, { offset: b.length >> 1 });
    },
    zip: (b) => {
      zipDirectory.looksLikeZip(b);
      const end = zipDirectory.readZipEnd(b, b.length);
      checkParsed(end);
      if (end.ok) {
        const directory = zipDirectory.readZipDirectory(b.subarray(Math.min(b.length, end.value.directoryOffset)), end.value);
        for (const entry of directory.ok ? directory.value.entries.slice(0, 20) : []) {
          checkParsed(zipDirectory.zipEntryFromArchive(b, entry, 4096));
          checkParsed(zipDirectory.extractZipEntry(entry, b, 4096));
        }
      }
      checkParsed(zipDirectory.localHeaderLength(b));
      checkParsed(zipDirectory.readZipEnd(b, b.length + 100_000));
    },
    safetensors: (b) => {
      safetensors.safetensorsHeaderLength(b);
      checkParsed(safetensors.parseSafetensorsHeader(b, b.length));
    },
    gguf: (b) => {
      gguf.looksLikeGguf(b);
      checkParsed(gguf.parseGgufHeader(b));
    },
    onnx: (b) => {
      onnx.looksLikeOnnx(b);
      checkParsed(onnx.parseOnnxModel(b));
    },
    hdf5: (b) => {
      hdf5.hdf5SignatureOffset(b);
      hdf5.readHdf5Summary(b);
    },
  };
  it('arbitrary bytes and format prefixes', () => fuzz(drivers, bytes, RUNS * 4));

  it('a safetensors header of structured-but-wrong JSON, and a zip whose every entry claims a huge inflated size', () => {
    fuzz(
      { safetensors: (value) => {
        const json = new TextEncoder().encode(safeJson(value));
        checkParsed(safetensors.parseSafetensorsHeader(concat(new Uint8Array(le64(json.length)), json)));
      } },
      anyValue,
      RUNS * 2,
    );
    const bomb = new Uint8Array(inflateBomb());
    const entry = { name: 'data.pkl', method: 8, compressedSize: bomb.length, size: 10, localOffset: 0, encrypted: false };
    expect(zipDirectory.extractZipEntry(entry, bomb, 1024)).toMatchObject({ ok: false, error: { message: 'data.pkl inflates to more than 1024 bytes' } });
  });
});

function inflateBomb(): Buffer {
  return deflateRawSync(Buffer.alloc(8 * 1024 * 1024));
}

describe('the MLflow SQLite reader survives corrupt databases', () => {
  let SQL: SqlJsStatic;
  let valid: Uint8Array;

  beforeAll(async () => {
    SQL = await mlflowSqlite.loadSqlJs();
    const db = new SQL.Database();
    db.run(`CREATE TABLE experiments (experiment_id INTEGER PRIMARY KEY, name TEXT, artifact_location TEXT, lifecycle_stage TEXT, creation_time INTEGER, last_update_time INTEGER);
      CREATE TABLE runs (run_uuid TEXT PRIMARY KEY, name TEXT, status TEXT, start_time INTEGER, end_time INTEGER, lifecycle_stage TEXT, user_id TEXT, artifact_uri TEXT, experiment_id INTEGER);
      CREATE TABLE tags (key TEXT, value TEXT, run_uuid TEXT);
      CREATE TABLE params (key TEXT, value TEXT, run_uuid TEXT);
      CREATE TABLE latest_metrics (key TEXT, value REAL, timestamp INTEGER, step INTEGER, is_nan INTEGER, run_uuid TEXT);
      CREATE TABLE registered_models (name TEXT PRIMARY KEY, description TEXT, creation_time INTEGER, last_updated_time INTEGER);
      CREATE TABLE model_versions (name TEXT, version INTEGER, run_id TEXT, current_stage TEXT, status TEXT, source TEXT);
      INSERT INTO experiments VALUES (1, 'kestrel-churn', 'mlruns/1', 'active', 1, 2);
      INSERT INTO runs VALUES ('0123456789abcdef0123456789abcdef', 'run', 'FINISHED', 1, 2, 'active', 'ci', 'mlruns/1/x/artifacts', 1);
      INSERT INTO tags VALUES ('mlflow.note.content', 'LightGBM baseline', '0123456789abcdef0123456789abcdef');
      INSERT INTO params VALUES ('learning_rate', '0.05', '0123456789abcdef0123456789abcdef');
      INSERT INTO latest_metrics VALUES ('pr_auc', 0.61, 1, 0, 0, '0123456789abcdef0123456789abcdef');
      INSERT INTO registered_models VALUES ('kestrel-churn', '', 1, 2);
      INSERT INTO model_versions VALUES ('kestrel-churn', 1, '0123456789abcdef0123456789abcdef', 'Production', 'READY', 'models:/x');`);
    valid = db.export();
    db.close();
    expect(parsedOk(mlflowSqlite.readMlflowSqlite(SQL, valid))).not.toBeNull();
  });

  const read = (bytes: Uint8Array) => {
    mlflowSqlite.isSqliteHeader(bytes);
    const result = checkParsed(mlflowSqlite.readMlflowSqlite(SQL, bytes, { detailRuns: (store) => store.runs.map((run) => run.id) })) as result.Parsed<unknown>;
    if (!result.ok) mlflowSqlite.isStoppedRead(result.error.message);
    // The schema check alone, on whatever opens (it must answer, not throw, on any schema SQLite accepts).
    let db: InstanceType<SqlJsStatic['Database']> | null = null;
    try {
      db = new SQL.Database(bytes);
    } catch {
      return result;
    }
    try {
      mlflowSqliteSchema.inspectMlflowSchema(db);
    } catch (error) {
      // SQLite's own refusals of a file it cannot open as a database (a schema format it does not know included).
      if (!/malformed|not a database|corrupt|disk image|unsupported file format/i.test(String(error))) throw error;
    } finally {
      db.close();
    }
    return result;
  };

  it('arbitrary bytes, with and without the SQLite header', () => {
    const header = new TextEncoder().encode('SQLite format 3\0');
    fuzz({ readMlflowSqlite: read }, fc.oneof(fc.uint8Array({ maxLength: 4096 }), fc.uint8Array({ maxLength: 4096 }).map((bytes) => concat(header, bytes))), RUNS * 2);
  });

  it('a real store with flipped bytes, truncated or with its tables swapped for other shapes', () => {
    const mutated = fc
      .tuple(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }), fc.option(fc.nat()))
      .map(([flips, cut]) => {
        const bytes = valid.slice(0, cut === null ? valid.length : 100 + (cut % valid.length));
        for (const [at, value] of flips) bytes[16 + (at % Math.max(1, bytes.length - 16))] = value;
        return bytes;
      });
    fuzz({ readMlflowSqlite: read }, mutated, RUNS * 3);
    // Tables with the right names and the wrong columns or types.
    const db = new SQL.Database();
    db.run(`CREATE TABLE experiments (x BLOB); CREATE TABLE runs (run_uuid BLOB, experiment_id TEXT); INSERT INTO runs VALUES (x'00ff', 'a');
      CREATE TABLE tags (key INTEGER); CREATE TABLE params (value BLOB); CREATE TABLE latest_metrics (key BLOB, value TEXT, run_uuid BLOB);
      INSERT INTO latest_metrics VALUES (x'ff', 'NaN', x'00ff'); CREATE TABLE registered_models (a); CREATE TABLE model_versions (b);
      CREATE TABLE registered_model_aliases (alias BLOB); CREATE TABLE logged_models (c);`);
    const wrong = db.export();
    db.close();
    timed('readMlflowSqlite (wrong columns)', read, wrong);
  });
});

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

describe('regressions found by fuzzing', () => {
  const within = <T>(limitMs: number, run: () => T): T => {
    const started = process.cpuUsage();
    const value = run();
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1000).toBeLessThan(limitMs);
    return value;
  };

  it('YAML: block nesting on one line is refused before the recursive composer sees it (was a fatal V8 out-of-memory)', () => {
    // `- - - … x` overflowed the stack inside yaml's composer; an overflow inside V8's regex compiler is not catchable.
    const refused = within(MAX_CALL_MS, () => yaml.parseYaml('- '.repeat(32_000) + 'x'));
    expect(refused).toMatchObject({ ok: false, error: { message: 'nesting deeper than 64 levels', line: 1, column: 129 } });
    expect(yaml.parseYaml('? '.repeat(32_000) + 'x')).toMatchObject({ ok: false, error: { message: 'nesting deeper than 64 levels' } });
    expect(yaml.parseYaml(Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'))).toMatchObject({ ok: false, error: { line: 65 } });
    expect(yaml.parseYaml('a:\n  - [1, {b: c}]\n')).toEqual({ ok: true, value: { a: [[1, { b: 'c' }]] } });
  });

  it('YAML: keys that are themselves collections are refused (their stringification was exponential)', () => {
    // `? ? ? … x` took 2 s at 220 levels; 400 copies at 64 levels took 5 s.
    within(MAX_CALL_MS, () => expect(yaml.parseYaml(('- ' + '? '.repeat(62) + 'x\n').repeat(400))).toMatchObject({ ok: false, error: { message: 'a mapping key is itself a list or mapping: not supported', line: 1 } }));
    expect(yaml.parseYaml('? [a, b]\n: c\n')).toMatchObject({ ok: false, error: { line: 1, column: 3 } });
    expect(yaml.parseYaml('x: &k {a: 1}\n? *k\n: 2\n')).toMatchObject({ ok: false, error: { line: 2 } });
    expect(yaml.parseYaml('? a\n: b\n*x : 1\n')).toMatchObject({ ok: false }); // an unknown alias stays an ordinary error
    expect(yaml.parseYaml('? a\n: b\n')).toEqual({ ok: true, value: { a: 'b' } });
  });

  it('YAML: several documents in one file are an error with the line of the second', () => {
    expect(yaml.parseYaml('a: 1\n---\nb: 2\n')).toMatchObject({ ok: false, error: { line: 2 } });
    expect(yaml.parseYaml('')).toEqual({ ok: true, value: null });
  });

  it('license text: a file of blank lines is linear (`^\\s*` with the m flag was quadratic: 7 s at 64 KiB)', () => {
    within(MAX_CALL_MS, () => licenseText.identifyLicense('\n'.repeat(1_000_000)));
    expect(licenseText.identifyLicense('Apache License\nVersion 2.0\nTERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION\n\n   APPENDIX: How to apply\n[yyyy] [name of copyright owner]\n')).toMatchObject({ spdx: 'Apache-2.0', placeholders: [] });
  });

  it('ClearML import pattern: linear on blank lines (was 15 s at 64 KiB)', () => {
    within(MAX_CALL_MS, () => trackers.CLEARML_IMPORT.test('\n'.repeat(1_000_000)));
    expect(trackers.CLEARML_IMPORT.test('x = 1\n    from clearml import Task\n')).toBe(true);
  });

  it('failure regions: thousands of headings are read in linear time (sections and headings were scanned per section)', () => {
    // 100k one-line headings (500 KB): 0.3 s now; the per-section scans made it billions of comparisons.
    const source = '# Failure modes\n' + '## a\n'.repeat(100_000);
    const document = markdown.parseMarkdown(source);
    const reading = within(MAX_CALL_MS, () => failureModes.readFailureRegion(source, document, failureModes.wholeDocument(source)));
    expect(reading.entries).toEqual([]);
    // Leaves are still told from parents: a leaf with a body is one entry, its parent's body is not.
    const small = '# Failure modes\n\n## Stale features\n\nWhen the feature job fails, scores drift; detect via the freshness alert; mitigate by rerunning the job.\n';
    expect(failureModes.readFailureRegion(small, markdown.parseMarkdown(small), failureModes.wholeDocument(small)).entries.map((entry) => entry.title)).toEqual(['Stale features']);
  });
});

describe('coverage of this file', () => {
  it('fuzzes every function and pattern every module in src/formats exports', async () => {
    const dir = path.resolve(import.meta.dirname, '..', 'src', 'formats');
    const modules = readdirSync(dir).filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'));
    const source = (await import('node:fs')).readFileSync(import.meta.filename, 'utf8');
    const missing: string[] = [];
    for (const file of modules) {
      const exported = (await import(path.join(dir, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exported)) {
        if (typeof value !== 'function' && !(value instanceof RegExp)) continue;
        if (NOT_PARSERS.has(name)) continue;
        if (!new RegExp(`\\.${name}\\b`).test(source)) missing.push(`${file}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
    // Every module is imported here (eval-criterion.ts exports only types, and is imported all the same).
    expect(modules.filter((file) => !source.includes(`from '../src/formats/${file.replace(/\.ts$/, '.js')}'`))).toEqual([]);
    expect(evalCriterion).toBeDefined();
  });
});

/** Exports that take no repository input: constructors of results, the parser configuration, the wasm loader. */
const NOT_PARSERS = new Set(['parsed', 'failed', 'xmlParserOptions', 'loadSqlJs']);
