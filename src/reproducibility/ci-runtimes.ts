// The Node version a GitHub Actions job sets up (`actions/setup-node` with `node-version: 18`, or a one-value
// `matrix.node-version`) and the folders that job builds in (`working-directory`, `defaults.run`, `cd webapp`, the
// setup's `cache-dependency-path`): CI states the runtime of the JavaScript component it builds. Pure: one
// workflow's text in, statements out; never executed.
import { namesOneVersion } from '../formats/runtime-versions.js';
import { parseYamlMapping } from '../formats/yaml.js';

export interface CiNodeVersion {
  /** As written: `18`, `20.x`, `lts/*`, or the matrix's values joined. */
  value: string;
  exact: boolean;
  line: number;
  /** Folders the job runs package-manager commands in (repository-relative, '' for the root). */
  folders: string[];
}

const PACKAGE_COMMAND = /(^|[\s;&|(])(npm|npx|yarn|pnpm|bun|node)(\s|$)/m;
const MATRIX_VALUE = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/;

export function workflowNodeVersions(text: string): CiNodeVersion[] {
  const parsed = parseYamlMapping(text, { maxAliases: 50 });
  if (!parsed.ok) return [];
  const jobs = record(parsed.value.jobs);
  if (!jobs) return [];
  const out: CiNodeVersion[] = [];
  const lines = text.split('\n');
  for (const job of Object.values(jobs)) {
    const steps = Array.isArray(record(job)?.steps) ? (record(job)!.steps as unknown[]) : [];
    const setups = steps.map(record).filter((step) => typeof step?.uses === 'string' && /^actions\/setup-node@/.test(step.uses as string));
    if (setups.length === 0) continue;
    const folders = jobFolders(record(job)!, steps);
    for (const setup of setups) {
      const raw = record(setup!.with)?.['node-version'];
      const values = versionsOf(raw, record(record(record(job)!.strategy)?.matrix));
      if (values.length === 0) continue;
      out.push({ value: values.join(', '), exact: values.length === 1 && namesOneVersion(values[0]), line: lineOf(lines, String(raw)), folders });
      const cachePath = record(setup!.with)?.['cache-dependency-path'];
      if (typeof cachePath === 'string' && cachePath.includes('/')) folders.push(normalise(cachePath.slice(0, cachePath.lastIndexOf('/'))));
    }
  }
  return out;
}

/** `18`, `'20.x'`, or `${{ matrix.node }}` resolved to the matrix's list. */
function versionsOf(raw: unknown, matrix: Record<string, unknown> | null): string[] {
  if (typeof raw === 'number') return [String(raw)];
  if (typeof raw !== 'string' || raw.trim() === '') return [];
  const fromMatrix = MATRIX_VALUE.exec(raw.trim());
  if (!fromMatrix) return raw.includes('${{') ? [] : [raw.trim()];
  const list = matrix?.[fromMatrix[1]];
  if (!Array.isArray(list)) return [];
  return list.filter((item): item is string | number => typeof item === 'string' || typeof item === 'number').map(String);
}

/** Where the job's package-manager commands run: step and job working directories, `cd folder` in a script. */
function jobFolders(job: Record<string, unknown>, steps: unknown[]): string[] {
  const folders: string[] = [];
  const defaults = record(record(job.defaults)?.run)?.['working-directory'];
  const jobFolder = typeof defaults === 'string' ? normalise(defaults) : '';
  for (const step of steps.map(record)) {
    if (!step || typeof step.run !== 'string' || !PACKAGE_COMMAND.test(step.run)) continue;
    const own = step['working-directory'];
    const cd = /(?:^|[\s;&])cd\s+["']?([\w./-]+)/.exec(step.run);
    folders.push(typeof own === 'string' ? normalise(own) : cd ? normalise(cd[1]) : jobFolder);
  }
  return folders;
}

function normalise(folder: string): string {
  let end = folder.length;
  while (end > 0 && folder[end - 1] === '/') end--; // a loop, not /\/+$/: linear on a run of slashes
  return folder.slice(0, end).replace(/^\.\//, '').replace(/^\.$/, '');
}

function lineOf(lines: readonly string[], value: string): number {
  const index = lines.findIndex((line) => /^\s*node-version\s*:/.test(line) && line.includes(value));
  return index + 1 || 1;
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
