// Code that logs runs to a tracker, and where those runs go: an MLflow tracking server, a Databricks
// workspace, a local mlflow.db or mlruns/ on the machine that ran it, W&B, Comet, Neptune or ClearML. When the
// delivery holds no runs of that tracker, this is what lets the report say where the history is instead of
// "no tracking". Code is read as text (never run); test code is left out; reads are bounded.
import type { Snapshot } from '../snapshot/snapshot.js';

export type RemoteTool = 'mlflow' | 'wandb' | 'comet' | 'neptune' | 'clearml' | 'vertex' | 'sagemaker';

export interface CodeLocation {
  path: string;
  line: number;
  /** The call or setting as written, cut short. */
  text: string;
}

export type DestinationKind = 'server' | 'databricks' | 'database' | 'local-sqlite' | 'local-files' | 'not-set' | 'hosted' | 'offline' | 'run-time';

export interface Destination {
  kind: DestinationKind;
  /** The URI with any user:password removed, when the delivery states it. */
  uri: string | null;
  /** The variable the URI is read from (`MLFLOW_TRACKING_URL`), when code reads one. */
  variable: string | null;
  /** Where the destination is set in code (`set_tracking_uri`, `wandb.init(mode=…)`). */
  setAt: CodeLocation | null;
  /** Where the variable's value is set in the delivery (Jenkinsfile, Dockerfile ENV, .env, compose). */
  valueAt: CodeLocation | null;
  /** Other tracking URIs the code sets (`sqlite:///mlflow.db` next to a server), at most three. */
  others: string[];
}

export interface TrackingCode {
  tool: RemoteTool;
  /** Calls that log runs (`log_metric`, `start_run`, `wandb.init`, a logger callback, `report_to`). */
  logs: CodeLocation[];
  destination: Destination;
}

const MAX_FILES = 2000;
const MAX_FILE_BYTES = 512 * 1024;
const MAX_TOTAL_BYTES = 32 * 1024 * 1024;
const MAX_SETTINGS_FILES = 300;
const MAX_LOCATIONS = 20;
const MAX_LINE = 400;

/** Test code sets fake tracking URIs on purpose (`http://test-tracking-uri:8080`). */
const TEST_CODE = /(^|\/)(tests?|testing|fixtures)\/|(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/i;
const NOT_DELIVERED_CODE = /(^|\/)(node_modules|\.venv|venv|site-packages|vendor|third[-_]party|\.git)\//i;
const SETTINGS_FILE = /(^|\/)(Dockerfile[^/]*|[^/]*\.dockerfile|Jenkinsfile|Makefile|\.env[^/]*|[^/]*\.env|[^/]*\.sh|docker-compose[^/]*\.ya?ml|compose[^/]*\.ya?ml|\.gitlab-ci\.yml|[^/]*\.(?:cfg|ini|toml))$/i;
const WORKFLOW_FILE = /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i;
const SETTINGS_WORD = /config|args|arguments|settings|params/i;
const QUICK = /mlflow|wandb|comet_ml|CometLogger|neptune|clearml|report_to|aiplatform|vertex_ai|sagemaker|smexperiments/i;

const MLFLOW_IMPORT = /^[ \t]*(?:import[ \t]+mlflow\b|from[ \t]+mlflow(?:\.\w+)*[ \t]+import\b)/m;
const MLFLOW_LOG = /\bmlflow\.(?:\w+\.)?(?:log_metrics?|log_params?|log_model|log_artifacts?|log_input|start_run|autolog)[ \t]*\(|\b(?:MLflowLoggerCallback|MLFlowLogger|MLflowCallback|MlflowCallback)[ \t]*\(/;
const MLFLOW_BARE_LOG = /(?<![\w.])(?:log_metrics?|log_params?|start_run)[ \t]*\(/;
const MLFLOW_SET_URI = /\bset_tracking_uri[ \t]*\([ \t]*(?:uri[ \t]*=[ \t]*)?([^)\n]{1,200})/;
const MLFLOW_URI_ARG = /\btracking_uri[ \t]*=[ \t]*([^,)\n]{1,200})/;
const WANDB_INIT = /\bwandb\.init[ \t]*\(|\bWandbLogger(?:Callback)?[ \t]*\(|\bWandbCallback[ \t]*\(/;
const COMET_RUN = /\bcomet_ml\.(?:Experiment|OfflineExperiment|start)[ \t]*\(|\bCometLogger[ \t]*\(|(?<![\w.])(?:Offline)?Experiment[ \t]*\([^)\n]{0,200}\bapi_key\b/;
const NEPTUNE_RUN = /\bneptune\.init(?:_run)?[ \t]*\(|\bNeptuneLogger[ \t]*\(|\bNeptuneCallback[ \t]*\(/;
const CLEARML_IMPORT = /^[ \t]*(?:from[ \t]+clearml[ \t]+import|import[ \t]+clearml)\b/m;
const CLEARML_TASK = /\bTask\.init[ \t]*\(/;
/** Vertex AI Experiments (`from google.cloud import aiplatform as vertex_ai`): runs started and logged in the Google Cloud project. */
const VERTEX_RUN = /\b(?:aiplatform|vertex_ai)\.(?:start_run|log_metrics|log_params|log_time_series_metrics)[ \t]*\(/;
/** SageMaker Experiments (`sagemaker.experiments` Run/load_run, the older smexperiments Tracker). */
const SAGEMAKER_IMPORT = /^[ \t]*(?:from[ \t]+(?:sagemaker\.experiments|smexperiments)[\w.]*[ \t]+import|import[ \t]+smexperiments)\b/m;
const SAGEMAKER_RUN = /(?<![\w.])(?:Run[ \t]*\([^)\n]{0,200}\bexperiment_name\b|load_run[ \t]*\(|Tracker\.(?:create|load)[ \t]*\()|\brun\.log_(?:metric|parameters?)[ \t]*\(/;
/** Hugging Face and Lightning settings that send a trainer's logs to trackers: `report_to="wandb"`, `report_to: [mlflow]`. */
const REPORT_TO = /(?<![.\w-])report_to["']?[ \t]*(?::|=(?!=))[ \t]*(.{0,120})/;
/** Tracker names as `report_to` lists them (Hugging Face TrainingArguments values). */
const REPORTED_TOOLS: ReadonlyArray<readonly [RemoteTool, RegExp]> = [
  ['mlflow', /\bmlflow\b/i],
  ['wandb', /\bwandb\b/i],
  ['comet', /\bcomet_ml\b/i],
  ['neptune', /\bneptune\b/i],
  ['clearml', /\bclearml\b/i],
];
/** An MLflow tracking URI in a settings file (MLflow Recipes profiles: `experiment: {name, tracking_uri}`). */
const YAML_TRACKING_URI = /^[ \t]*tracking_uri[ \t]*:[ \t]*(\S.{0,200})$/;
const OFFLINE = /\bmode[ \t]*=[ \t]*["'](offline|disabled)["']|\bOfflineExperiment\b/;
const STRING_LITERAL = /^[fr]?["']([^"']{1,200})["']/;
const ENV_READ = /\bos\.(?:environ(?:\.get)?[ \t]*[[(]|getenv[ \t]*\()[ \t]*["']([A-Za-z_][A-Za-z0-9_]{0,80})["']/;
const IDENTIFIER = /^([A-Za-z_][A-Za-z0-9_]{0,80})[ \t]*$/;
const URI_VALUE = /^(?:https?:\/\/|file:|sqlite:|databricks|postgres(?:ql)?(?:\+\w+)?:|mysql(?:\+\w+)?:|mssql(?:\+\w+)?:|\.{0,2}\/)/i;

interface FileHits {
  path: string;
  tool: RemoteTool;
  logs: CodeLocation[];
  setUri: Array<{ at: CodeLocation; expression: string }>;
  offline: boolean;
  /** Identifiers assigned a string in this file (`MLFLOW_TRACKING_URI = "file://" + …`), for resolving set_tracking_uri(NAME). */
  assignments: Map<string, string>;
}

/** Tracking code of the snapshot, one entry per tool that logs runs. */
export async function findTrackingCode(snapshot: Snapshot): Promise<TrackingCode[]> {
  const code = snapshot
    .glob(['**/*.py', '**/*.ipynb', '**/*.yaml', '**/*.yml', '**/*.json'])
    // JSON is read only when named as settings (training arguments); other JSON is data, often large.
    .filter((path) => (!path.endsWith('.json') || SETTINGS_WORD.test(path.slice(path.lastIndexOf('/') + 1))) && !TEST_CODE.test(path) && !NOT_DELIVERED_CODE.test(path) && !snapshot.isSymlink(path))
    .slice(0, MAX_FILES);
  const hits: FileHits[] = [];
  let budget = MAX_TOTAL_BYTES;
  for (const path of code) {
    if (budget <= 0 || snapshot.deadline.expired()) break;
    const size = await snapshot.sizeOf(path);
    if (size === undefined || size > MAX_FILE_BYTES) continue;
    const read = await snapshot.readText(path, { maxBytes: MAX_FILE_BYTES });
    if (!read.ok) continue;
    budget -= read.text.length;
    if (!QUICK.test(read.text)) continue;
    hits.push(...scanFile(path, read.text));
  }
  const tools = [...new Set(hits.map((hit) => hit.tool))];
  const found: TrackingCode[] = [];
  for (const tool of tools) {
    const files = hits.filter((hit) => hit.tool === tool);
    const logs = files.flatMap((file) => file.logs);
    if (logs.length === 0) continue; // reading a server's runs (search_runs) is not logging them
    const destination = tool === 'mlflow' ? await mlflowDestination(snapshot, files) : otherDestination(tool, files);
    found.push({ tool, logs: logs.slice(0, MAX_LOCATIONS), destination });
  }
  return found;
}

/** Tracking calls of one code file, per tool. Pure. */
export function scanFile(path: string, text: string): FileHits[] {
  const notebook = path.endsWith('.ipynb');
  const settings = /\.(ya?ml|json)$/i.test(path) && !notebook;
  const lines = text.split('\n');
  const byTool = new Map<RemoteTool, FileHits>();
  const hitsOf = (tool: RemoteTool): FileHits => {
    let hits = byTool.get(tool);
    if (!hits) byTool.set(tool, (hits = { path, tool, logs: [], setUri: [], offline: false, assignments: new Map() }));
    return hits;
  };
  const code = settings ? '' : notebook ? unescapeNotebook(text) : text;
  const clearml = CLEARML_IMPORT.test(code);
  const sagemaker = SAGEMAKER_IMPORT.test(code);
  const mlflowNames = MLFLOW_IMPORT.test(code);
  const mlflowSettings = settings && /^[ \t]*(?:experiment|mlflow)[ \t]*:/m.test(text);
  for (let index = 0; index < lines.length; index++) {
    const line = (notebook ? unescapeNotebook(lines[index]) : lines[index]).slice(0, MAX_LINE);
    const at = (match: string): CodeLocation => ({ path, line: index + 1, text: match.trim().slice(0, 120) });
    if (/^[ \t]*#/.test(line)) continue; // a commented-out call logs nothing
    const report = REPORT_TO.exec(line);
    if (report) {
      // `report_to:` followed by a YAML list: the tools are on the next lines.
      const listed = report[1].trim() ? report[1] : lines.slice(index + 1, index + 4).join(' ');
      for (const [tool, pattern] of REPORTED_TOOLS) if (pattern.test(listed)) hitsOf(tool).logs.push(at(`report_to ${tool}`));
    }
    if (settings) {
      // A settings file that names where MLflow tracks (a Recipes profile) is the tracking set-up itself.
      const uri = mlflowSettings ? YAML_TRACKING_URI.exec(line) : null;
      if (uri) {
        const value = uri[1].trim();
        const hits = hitsOf('mlflow');
        hits.logs.push(at(line));
        hits.setUri.push({ at: at(line), expression: /^["']/.test(value) ? value : `"${value}"` });
      }
      continue;
    }
    if (MLFLOW_LOG.test(line) || (mlflowNames && MLFLOW_BARE_LOG.test(line) && !/\b(?:trainer|self|logger)\.\w/.test(line))) hitsOf('mlflow').logs.push(at(line));
    const setUri = MLFLOW_SET_URI.exec(line) ?? (/mlflow|MLflow|MLFlow/.test(line) ? MLFLOW_URI_ARG.exec(line) : null);
    if (setUri) hitsOf('mlflow').setUri.push({ at: at(line), expression: setUri[1].trim() });
    const assignment = /^[ \t]*([A-Z_][A-Z0-9_]{0,80})[ \t]*=[ \t]*(.{1,200})$/.exec(line);
    if (assignment && /URI|URL/.test(assignment[1])) hitsOf('mlflow').assignments.set(assignment[1], assignment[2].trim());
    if (WANDB_INIT.test(line)) {
      const hits = hitsOf('wandb');
      hits.logs.push(at(line));
      if (OFFLINE.test(line)) hits.offline = true;
    }
    if (COMET_RUN.test(line)) {
      const hits = hitsOf('comet');
      hits.logs.push(at(line));
      if (OFFLINE.test(line)) hits.offline = true;
    }
    if (NEPTUNE_RUN.test(line)) {
      const hits = hitsOf('neptune');
      hits.logs.push(at(line));
      if (OFFLINE.test(line)) hits.offline = true;
    }
    if (clearml && CLEARML_TASK.test(line)) hitsOf('clearml').logs.push(at(line));
    if (VERTEX_RUN.test(line)) hitsOf('vertex').logs.push(at(line));
    if (sagemaker && SAGEMAKER_RUN.test(line)) hitsOf('sagemaker').logs.push(at(line));
  }
  return [...byTool.values()].filter((hits) => hits.logs.length > 0 || hits.setUri.length > 0);
}

/** Where MLflow runs go: a set_tracking_uri literal or a variable the delivery sets, else MLflow's default (./mlruns where the code ran). */
async function mlflowDestination(snapshot: Snapshot, files: readonly FileHits[]): Promise<Destination> {
  // Prefer the call in a file that also logs: that is where the runs are written.
  const calls = files.flatMap((file) => file.setUri.map((call) => ({ ...call, file, logs: file.logs.length > 0 })));
  calls.sort((a, b) => Number(b.logs) - Number(a.logs));
  const variables = new Set<string>();
  const literals = new Map<string, CodeLocation>();
  for (const call of calls) {
    const resolved = resolveExpression(call.expression, call.file.assignments);
    if (resolved.literal && !literals.has(maskUri(resolved.shown))) literals.set(maskUri(resolved.shown), call.at);
    if (resolved.variable) variables.add(resolved.variable);
  }
  const [first, ...rest] = [...literals.entries()];
  const others = rest.slice(0, 3).map(([uri]) => uri);
  if (first) return { kind: classify(first[0].replace(/^["']/, '')), uri: first[0], variable: null, setAt: first[1], valueAt: null, others };
  variables.add('MLFLOW_TRACKING_URI'); // MLflow reads it when no URI is set in code
  const value = await variableValue(snapshot, [...variables]);
  const setAt = calls[0]?.at ?? null;
  if (value) return { kind: classify(value.value), uri: maskUri(value.value), variable: value.variable, setAt, valueAt: value.at, others: [] };
  if (setAt) return { kind: 'run-time', uri: null, variable: [...variables].find((name) => name !== 'MLFLOW_TRACKING_URI') ?? null, setAt, valueAt: null, others: [] };
  return { kind: 'not-set', uri: null, variable: null, setAt: null, valueAt: null, others: [] };
}

function otherDestination(tool: RemoteTool, files: readonly FileHits[]): Destination {
  const offline = files.some((file) => file.offline);
  return { kind: offline ? 'offline' : 'hosted', uri: null, variable: null, setAt: null, valueAt: null, others: [] };
}

/**
 * A set_tracking_uri argument: a string literal (or an expression that starts with one, `"file://" + str(path)`),
 * a name assigned one in the file, or an environment read. `shown` is the expression as written. Pure.
 */
export function resolveExpression(expression: string, assignments: ReadonlyMap<string, string>): { literal: string | null; shown: string; variable: string | null } {
  const literal = STRING_LITERAL.exec(expression);
  if (literal) return { literal: literal[1], shown: literal[0].length === expression.trim().length ? literal[1] : expression.trim(), variable: null };
  const env = ENV_READ.exec(expression);
  if (env) return { literal: null, shown: expression, variable: env[1] };
  const name = IDENTIFIER.exec(expression);
  const assigned = name ? assignments.get(name[1]) : undefined;
  if (assigned) return resolveExpression(assigned, new Map());
  return { literal: null, shown: expression, variable: null };
}

/** The value the delivery gives a variable: Dockerfile ENV, .env, Jenkinsfile environment, compose, shell export, CI workflow. */
async function variableValue(snapshot: Snapshot, names: readonly string[]): Promise<{ variable: string; value: string; at: CodeLocation } | null> {
  const settings = snapshot.files.filter((path) => (SETTINGS_FILE.test(path) || WORKFLOW_FILE.test(path)) && !NOT_DELIVERED_CODE.test(path) && !TEST_CODE.test(path)).slice(0, MAX_SETTINGS_FILES);
  const wanted = names.filter((name) => /^[A-Za-z_][A-Za-z0-9_]{0,80}$/.test(name));
  // Any MLFLOW_TRACKING_UR[IL] the delivery sets names the server too (a script may pass it as an argument).
  const extra = /\b(MLFLOW_TRACKING_UR[IL])\b["']?(?:[ \t]*[:=][ \t]*|[ \t]+)["']?([^"'\s}]{1,200})/;
  let fallback: { variable: string; value: string; at: CodeLocation } | null = null;
  for (const path of settings) {
    const size = await snapshot.sizeOf(path);
    if (size === undefined || size > 256 * 1024) continue;
    const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
    if (!read.ok || !/TRACKING|_URI|_URL/i.test(read.text)) continue;
    const lines = read.text.split('\n');
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index].slice(0, MAX_LINE);
      for (const name of wanted) {
        const value = assignedValue(line, name);
        if (value && URI_VALUE.test(value)) return { variable: name, value, at: { path, line: index + 1, text: line.trim().slice(0, 120) } };
      }
      const other: RegExpExecArray | null = fallback ? null : extra.exec(line);
      if (other && URI_VALUE.test(other[2])) fallback = { variable: other[1], value: other[2], at: { path, line: index + 1, text: line.trim().slice(0, 120) } };
    }
  }
  return fallback;
}

/** `NAME=value`, `NAME: value`, `ENV NAME value`, `export NAME='value'`; not `${NAME}` or `os.environ["NAME"]`. */
function assignedValue(line: string, name: string): string | null {
  for (let at = line.indexOf(name); at >= 0; at = line.indexOf(name, at + 1)) {
    if (at > 0 && !/[\s"']/.test(line[at - 1])) continue;
    // Read the separator by hand (a quote, blanks, one of := , blanks, a quote): no pattern to backtrack in.
    let i = at + name.length;
    if (line[i] === '"' || line[i] === "'") i++;
    const start = i;
    while (line[i] === ' ' || line[i] === '\t') i++;
    const blanks = i > start;
    if (line[i] === '=' || line[i] === ':') {
      if (line[i + 1] === '=') continue; // a comparison
      i++;
      while (line[i] === ' ' || line[i] === '\t') i++;
    } else if (!blanks) continue;
    if (line[i] === '"' || line[i] === "'") i++;
    let end = i;
    while (end < line.length && end - i < 200 && !/["'\s}]/.test(line[end])) end++;
    if (end > i) return line.slice(i, end);
  }
  return null;
}

/** What a tracking URI points at. Pure. */
export function classify(uri: string): DestinationKind {
  const value = uri.trim().toLowerCase();
  if (value.startsWith('databricks')) return 'databricks';
  if (value.startsWith('http://') || value.startsWith('https://')) return 'server';
  if (value.startsWith('sqlite:')) return 'local-sqlite';
  if (/^(?:postgres|mysql|mssql)/.test(value)) return 'database';
  return 'local-files';
}

/** `https://user:secret@host/` → `https://***@host/`: a URI may carry credentials. */
export function maskUri(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]{0,20}:\/\/)[^/@\s]{1,200}@/i, '$1***@').slice(0, 120);
}

/** A notebook's source lines are JSON strings: `"mlflow.set_tracking_uri(\"http://…\")\n",`. */
function unescapeNotebook(text: string): string {
  return text.replace(/\\"/g, '"').replace(/\\n/g, '\n');
}
