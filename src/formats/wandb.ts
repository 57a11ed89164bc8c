// Weights & Biases local run folders: `wandb/` (or `.wandb/`) holding `run-YYYYMMDD_HHMMSS-<id>` and
// `offline-run-…` folders. Layout per wandb/sdk/wandb_settings.py and wandb/sdk/lib/filenames.py.
// The binary `run-<id>.wandb` transaction log is recognised by name only, never parsed.
import { parseJsonObject } from './json.js';
import { failed, parsed, type Parsed } from './result.js';
import { parseYamlMapping } from './yaml.js';

/** `<mode>-<YYYYMMDD_HHMMSS>-<run id>`, mode `run` or `offline-run`. */
const RUN_DIR = /^(offline-run|run)-(\d{8}_\d{6})-([A-Za-z0-9][A-Za-z0-9_-]*)$/;

export interface WandbRunFolder {
  /** The `wandb/` or `.wandb/` folder. */
  root: string;
  dir: string;
  id: string;
  offline: boolean;
  /** `YYYY-MM-DDTHH:MM:SS` from the folder name (local time of the machine that ran it). */
  startedAt: string;
  configPath: string | null;
  summaryPath: string | null;
  metadataPath: string | null;
  /** `run-<id>.wandb`, the binary log (only ever recognised). */
  logPath: string | null;
  /** `wandb sync` leaves `run-<id>.wandb.synced` next to the log once the run reached the server. */
  synced: boolean;
  fileCount: number;
}

export interface WandbRoot {
  root: string;
  runs: WandbRunFolder[];
  /** `latest-run` entry (a symlink in real trees). */
  latestRun: string | null;
  settingsPath: string | null;
}

export function parseWandbRunDirName(name: string): { id: string; offline: boolean; startedAt: string } | null {
  const match = RUN_DIR.exec(name);
  if (!match) return null;
  const [, mode, stamp, id] = match;
  const startedAt = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}`;
  return { id, offline: mode === 'offline-run', startedAt };
}

/** W&B roots and run folders in a listing (one pass; `wandb` may sit anywhere, e.g. `training/wandb/`). */
export function findWandbRoots(paths: readonly string[]): WandbRoot[] {
  const roots = new Map<string, WandbRoot>();
  const runs = new Map<string, WandbRunFolder>();
  for (const path of paths) {
    if (!path.includes('wandb/')) continue;
    const parts = path.split('/');
    const at = parts.findIndex((part) => part === 'wandb' || part === '.wandb');
    if (at < 0 || at + 1 >= parts.length) continue;
    const root = parts.slice(0, at + 1).join('/');
    const child = parts[at + 1];
    if (parts.length === at + 2) {
      if (child === 'latest-run' || child === 'settings') {
        const entry = rootEntry(roots, root);
        if (child === 'latest-run') entry.latestRun = path;
        else entry.settingsPath = path;
      }
      continue;
    }
    // `latest-run/...` is the same run again when a copy followed the link: not a run of its own.
    const name = parseWandbRunDirName(child);
    if (!name) continue;
    const dir = `${root}/${child}`;
    let run = runs.get(dir);
    if (!run) {
      run = { root, dir, ...name, configPath: null, summaryPath: null, metadataPath: null, logPath: null, synced: false, fileCount: 0 };
      runs.set(dir, run);
      rootEntry(roots, root).runs.push(run);
    }
    run.fileCount++;
    const rest = parts.slice(at + 2).join('/');
    if (rest === 'files/config.yaml') run.configPath = path;
    else if (rest === 'files/wandb-summary.json') run.summaryPath = path;
    else if (rest === 'files/wandb-metadata.json') run.metadataPath = path;
    else if (rest === `run-${run.id}.wandb` || (parts.length === at + 3 && rest.endsWith('.wandb'))) run.logPath = path;
    else if (parts.length === at + 3 && rest.endsWith('.wandb.synced')) run.synced = true;
  }
  // A `wandb/` folder with neither run folders nor a latest-run link is a Python package or notes, not W&B output.
  return [...roots.values()].filter((root) => root.runs.length > 0 || root.latestRun !== null);
}

function rootEntry(roots: Map<string, WandbRoot>, root: string): WandbRoot {
  let entry = roots.get(root);
  if (!entry) roots.set(root, (entry = { root, runs: [], latestRun: null, settingsPath: null }));
  return entry;
}

export interface WandbConfig {
  /** User hyperparameters: every key but `_wandb` (and the legacy `wandb_version`), unwrapped from `{value: …}`. */
  params: Record<string, unknown>;
  /** `legacy`: the Python writer (`wandb_version: 1`, `desc:` per key); `core`: the Go core (`value:` only). */
  style: 'legacy' | 'core' | 'plain';
}

export function parseWandbConfig(text: string): Parsed<WandbConfig> {
  const doc = parseYamlMapping(text);
  if (!doc.ok) return doc;
  const params: Record<string, unknown> = {};
  let wrapped = 0;
  let plain = 0;
  const legacy = 'wandb_version' in doc.value;
  for (const [key, raw] of Object.entries(doc.value)) {
    if (key === '_wandb' || key === 'wandb_version') continue;
    if (raw && typeof raw === 'object' && !Array.isArray(raw) && 'value' in raw) {
      params[key] = (raw as Record<string, unknown>).value;
      wrapped++;
    } else {
      params[key] = raw;
      plain++;
    }
  }
  return parsed({ params, style: legacy ? 'legacy' : wrapped > 0 || plain === 0 ? 'core' : 'plain' });
}

export interface WandbSummary {
  /** Final numeric values, keys starting with `_` (runtime, step, timestamp) left out. */
  metrics: Record<string, number>;
  /** `_step` and `_timestamp` (seconds since the epoch) of the last logged step, when numeric. */
  step: number | null;
  timestamp: number | null;
  /** Non-numeric entries (media, tables, histograms). */
  otherKeys: string[];
}

export function parseWandbSummary(text: string): Parsed<WandbSummary> {
  const doc = parseJsonObject(text);
  if (!doc.ok) return doc;
  const metrics: Record<string, number> = {};
  const otherKeys: string[] = [];
  for (const [key, value] of Object.entries(doc.value)) {
    if (key.startsWith('_')) continue;
    if (typeof value === 'number') metrics[key] = value;
    else otherKeys.push(key);
  }
  const numberOrNull = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  return parsed({ metrics, otherKeys, step: numberOrNull(doc.value._step), timestamp: numberOrNull(doc.value._timestamp) });
}

export interface WandbMetadata {
  program: string | null;
  gitCommit: string | null;
  gitRemote: string | null;
  startedAt: string | null;
  /** Run notes, when a client or an export wrote them here (the SDK keeps them in the binary log). */
  notes: string | null;
  tags: string[];
  /** Personal data that should be redacted before handover. */
  personalFields: string[];
}

export function parseWandbMetadata(text: string): Parsed<WandbMetadata> {
  const doc = parseJsonObject(text);
  if (!doc.ok) return doc;
  const meta = doc.value;
  const git = meta.git && typeof meta.git === 'object' && !Array.isArray(meta.git) ? (meta.git as Record<string, unknown>) : {};
  const str = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : null);
  if (!('program' in meta) && !('git' in meta) && !('python' in meta) && !('os' in meta)) return failed('not a wandb-metadata.json (no program, git, python or os)');
  return parsed({
    program: str(meta.program) ?? str(meta.codePath),
    gitCommit: str(git.commit),
    gitRemote: str(git.remote),
    startedAt: str(meta.startedAt),
    notes: str(meta.notes),
    tags: Array.isArray(meta.tags) ? meta.tags.filter((tag): tag is string => typeof tag === 'string') : [],
    personalFields: ['email', 'username'].filter((key) => str(meta[key]) !== null),
  });
}
