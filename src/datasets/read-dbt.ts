// A dbt project's datasets: the sources it reads (sources.yml: database, schema, tables, freshness), the models
// it builds (schema.yml: descriptions, columns, data tests), and the seeds committed with it. The YAML
// properties files are the pipeline's dataset documentation, and its tests are its data checks.
import type { DataTopic } from '../formats/dataset-card.js';
import { parseYaml } from '../formats/yaml.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { proseStrength } from './documentation.js';
import { folderOf, resolveIn } from './paths.js';

export interface DbtDataset {
  kind: 'source' | 'model' | 'seed' | 'snapshot';
  /** `source.table` for a source table, the model or seed name otherwise. */
  name: string;
  declaredIn: string;
  line?: number;
  description: string | null;
  /** Data tests on it or its columns (unique, not_null, relationships, accepted_values, packages' tests). */
  tests: number;
  /** A source with a freshness check and the column it is judged by. */
  freshness: boolean;
  /** Where a source lives (`database.schema`), or the seed file. */
  location: string | null;
}

export interface DbtProject {
  path: string;
  datasets: DbtDataset[];
  /** Properties files read (schema.yml, sources.yml, …). */
  propertyFiles: string[];
  /** Singular tests (SQL under the test paths). */
  singularTests: string[];
  /** Documentation the properties give, by topic, for the dataset model. */
  documentation: Array<{ topic: DataTopic; path: string; line?: number; strength: number; detail: string }>;
}

const PROJECT = /(^|\/)dbt_project\.ya?ml$/;
const IGNORED = /(^|\/)(dbt_packages|dbt_modules|target|logs|node_modules)\//;
const MAX_PROPERTY_FILES = 200;
/** Folders a dbt_project.yml may name per kind (model-paths, seed-paths, …): each is a listing query. */
const MAX_FOLDERS = 20;

export async function readDbtProjects(snapshot: Snapshot): Promise<DbtProject[]> {
  const projects: DbtProject[] = [];
  for (const path of snapshot.files.filter((file) => PROJECT.test(file) && !IGNORED.test(file) && !snapshot.isSymlink(file)).slice(0, 10)) {
    const read = await snapshot.readText(path);
    const config = read.ok ? parseYaml(read.text) : null;
    const settings = config?.ok && isRecord(config.value) ? config.value : {};
    const root = folderOf(path);
    const folders = (key: string, fallback: string) =>
      (Array.isArray(settings[key]) ? (settings[key] as unknown[]).filter((item): item is string => typeof item === 'string').slice(0, MAX_FOLDERS) : [fallback])
        .map((folder) => resolveIn(root, folder))
        .filter((folder): folder is string => folder !== null);
    const project: DbtProject = { path, datasets: [], propertyFiles: [], singularTests: [], documentation: [] };
    const modelFolders = [...folders('model-paths', 'models'), ...folders('seed-paths', 'seeds'), ...folders('snapshot-paths', 'snapshots')];
    const properties = modelFolders.flatMap((folder) => snapshot.under(folder).filter((file) => /\.ya?ml$/i.test(file) && !IGNORED.test(file) && !snapshot.isSymlink(file)));
    for (const file of [...new Set(properties)].slice(0, MAX_PROPERTY_FILES)) await readProperties(snapshot, file, project);
    for (const folder of folders('seed-paths', 'seeds')) {
      for (const seed of snapshot.under(folder).filter((file) => /\.(csv|tsv)$/i.test(file))) {
        const name = seed.slice(seed.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
        const described = project.datasets.find((dataset) => dataset.kind === 'seed' && dataset.name === name);
        if (described) described.location = seed;
        else project.datasets.push({ kind: 'seed', name, declaredIn: path, description: null, tests: 0, freshness: false, location: seed });
      }
    }
    for (const folder of folders('test-paths', 'tests')) project.singularTests.push(...snapshot.under(folder).filter((file) => file.endsWith('.sql')));
    projects.push(project);
  }
  return projects;
}

async function readProperties(snapshot: Snapshot, path: string, project: DbtProject): Promise<void> {
  const read = await snapshot.readText(path);
  if (!read.ok) return;
  const parsed = parseYaml(read.text);
  if (!parsed.ok || !isRecord(parsed.value)) return;
  const doc = parsed.value;
  const lines = nameLines(read.text);
  const lineOf = (name: string) => lines.get(name);
  let used = false;
  for (const source of list(doc.sources)) {
    const sourceName = text(source.name) ?? 'source';
    const location = [text(source.database), text(source.schema) ?? sourceName].filter(Boolean).join('.');
    const sourceDescription = text(source.description);
    const sourceFresh = isRecord(source.freshness) && Boolean(text(source.loaded_at_field));
    if (sourceDescription) project.documentation.push({ topic: 'provenance', path, line: lineOf(sourceName), strength: proseStrength(sourceDescription), detail: `dbt source ${sourceName} described` });
    for (const table of list(source.tables)) {
      const name = `${sourceName}.${text(table.name) ?? '?'}`;
      const description = text(table.description) ?? sourceDescription;
      const freshness = (isRecord(table.freshness) || isRecord(source.freshness)) && Boolean(text(table.loaded_at_field) ?? text(source.loaded_at_field));
      project.datasets.push({ kind: 'source', name, declaredIn: path, line: lineOf(text(table.name) ?? sourceName), description, tests: testsOf(table), freshness: freshness || sourceFresh, location: location || null });
      if (text(table.description)) project.documentation.push({ topic: 'provenance', path, line: lineOf(text(table.name) ?? sourceName), strength: proseStrength(text(table.description)!, 8), detail: `dbt source table ${name} described` });
      used = true;
    }
  }
  for (const [key, kind] of [['models', 'model'], ['seeds', 'seed'], ['snapshots', 'snapshot']] as const) {
    for (const item of list(doc[key])) {
      const name = text(item.name);
      if (!name) continue;
      const description = text(item.description);
      const line = lineOf(name);
      project.datasets.push({ kind, name, declaredIn: path, line, description, tests: testsOf(item), freshness: false, location: null });
      // A model's description says what the transformation makes of its inputs; a seed's says where it came from.
      if (description) project.documentation.push({ topic: kind === 'model' ? 'preprocessing' : 'provenance', path, line, strength: proseStrength(description, 8), detail: `dbt ${kind} ${name} described` });
      if (list(item.columns).some((column) => /\bpii\b|personal|sensitive|pseudonym/i.test(text(column.description) ?? ''))) {
        project.documentation.push({ topic: 'personal-data', path, line, strength: 0.6, detail: `dbt ${kind} ${name}: columns marked as personal data` });
      }
      used = true;
    }
  }
  if (used) project.propertyFiles.push(path);
}

/** Data tests on a node and its columns (`tests:` or dbt 1.8's `data_tests:`). */
function testsOf(node: Record<string, unknown>): number {
  const own = (item: Record<string, unknown>) => (Array.isArray(item.tests) ? item.tests.length : 0) + (Array.isArray(item.data_tests) ? item.data_tests.length : 0);
  return own(node) + list(node.columns).reduce((sum, column) => sum + own(column), 0);
}

function list(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The line of each `name:` value in a properties file, read once (first occurrence wins). */
function nameLines(source: string): Map<string, number> {
  const lines = new Map<string, number>();
  source.split('\n').forEach((line, index) => {
    const match = /^[ \t-]*name:[ \t]*['"]?([^'"#\s]+)/.exec(line);
    if (match && !lines.has(match[1])) lines.set(match[1], index + 1);
  });
  return lines;
}
