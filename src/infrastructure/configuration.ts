// Is configuration externalised? An example env file listing the variable names (not values), or documented
// settings; the names the code reads from the environment (`os.environ`, `os.getenv`, `process.env`, pydantic
// BaseSettings) compared with that list; and connection targets written into the code instead
// (`mlflow.set_tracking_uri("http://…")`, `create_engine("postgresql://…")`, home-folder paths).
import { parseMarkdown } from '../formats/markdown.js';
import { readPythonSources } from '../reproducibility/python-sources.js';
import { envFileRole, parseEnvFile } from '../secrets/env-files.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { launcherSetting } from './launcher-variables.js';
import { lineAt } from './model.js';

export interface EnvExample {
  path: string;
  names: string[];
  /** Entries that carry a value (defaults are fine; secrets are the secrets check's business). */
  withValues: number;
}

export interface HardCoded {
  path: string;
  line: number;
  what: string;
}

export interface ConfigurationFacts {
  examples: EnvExample[];
  /** Names the code reads from the environment, with the first place each is read. */
  readsInCode: Map<string, { path: string; line: number }>;
  /** Names the code reads that a launcher sets (torchrun's RANK, SLURM_*), with the launcher: not configuration. */
  launcherSet: Map<string, string>;
  /** Files that define settings from the environment (pydantic BaseSettings, environ-config, dynaconf). */
  settingsModules: string[];
  /** Documentation sections that list settings (heading and names). */
  documented: Array<{ path: string; line: number; names: number }>;
  hardCoded: HardCoded[];
  /** Config templates other than env files (`config.example.yaml`). */
  templates: string[];
  /** Configuration files kept apart from the code (`profiles/local.yaml`, `config/production.toml`). */
  configFiles: string[];
  /** Build, CI, Compose and container files that set some of the names the code reads (`NAME=…`, `NAME: …`). */
  setIn: Array<{ path: string; names: string[] }>;
}

const VENDORED = /(^|\/)(node_modules|\.venv|venv|site-packages|vendor|third_party|\.git)\//;
/** Variables every process has, or CI sets: not configuration the buyer must provide. */
const STANDARD = /^(PATH|HOME|USER|PWD|SHELL|LANG|LC_\w+|TZ|TMPDIR|TEMP|TMP|PYTHONHASHSEED|PYTHONPATH|PYTHONUNBUFFERED|PYTHONDONTWRITEBYTECODE|CI|GITHUB_\w+|RUNNER_\w+|GITLAB_\w+|BITBUCKET_\w+|NODE_ENV|HOSTNAME|TERM|VIRTUAL_ENV|CONDA_\w+|CUDA_VISIBLE_DEVICES|OMP_NUM_THREADS|MKL_NUM_THREADS|JAVA_HOME)$/;
const ENV_READS = [
  /\bos\.environ\.get\(\s*["']([A-Za-z_][A-Za-z0-9_]{1,80})["']/g,
  /\bos\.getenv\(\s*["']([A-Za-z_][A-Za-z0-9_]{1,80})["']/g,
  /\bos\.environ\[\s*["']([A-Za-z_][A-Za-z0-9_]{1,80})["']\s*\]/g,
  /\bprocess\.env\.([A-Za-z_][A-Za-z0-9_]{1,80})\b/g,
  /\bprocess\.env\[\s*["']([A-Za-z_][A-Za-z0-9_]{1,80})["']\s*\]/g,
];
const SETTINGS_MODULE = /\bclass\s+\w+\s*\(\s*(?:pydantic_settings\.|pydantic\.)?BaseSettings\s*\)|\bfrom dynaconf import\b|\benviron\.config\b|\bDynaconf\s*\(/;
/** Connection targets written as literals where a setting belongs. */
const HARD_CODED: ReadonlyArray<[RegExp, string]> = [
  [/\bset_tracking_uri\(\s*["'](?:https?|postgresql|mysql|sqlite|databricks|file)[^"'\n]{0,200}["']/, 'MLflow tracking URI'],
  [/\bcreate_engine\(\s*["'][a-z+]+:\/\/[^"'\n]{0,200}["']/, 'database URL'],
  [/\bMongoClient\(\s*["']mongodb(?:\+srv)?:\/\/[^"'\n]{0,200}["']/, 'MongoDB URL'],
  [/\bendpoint_url\s*=\s*["']https?:\/\/[^"'\n]{0,200}["']/, 'storage endpoint'],
  [/["'](?:\/Users\/[A-Za-z][\w.-]{0,40}\/|\/home\/(?!runner\/)[a-z][\w.-]{0,40}\/|[A-Za-z]:\\\\Users\\\\)[^"'\n]{0,200}["']/, 'path in a home folder'],
];
/** Where a README lists the settings: "Configuration", "Environment variables", or "Credentials" over a `.env` block. */
const SETTINGS_HEADING = /\b(configuration|settings|environment variables|env(ironment)? vars?|config|environment|credentials|api[- ]keys?|secrets)\b/i;

export async function collectConfiguration(snapshot: Snapshot): Promise<ConfigurationFacts> {
  const facts: ConfigurationFacts = { examples: [], readsInCode: new Map(), launcherSet: new Map(), settingsModules: [], documented: [], hardCoded: [], templates: [], configFiles: [], setIn: [] };
  const envFiles = snapshot.glob(['**/.env*', '**/*.env', '**/*.env.*', '**/env.example', '**/env.sample']).filter((path) => !VENDORED.test(path) && !snapshot.isSymlink(path));
  for (const path of envFiles.filter((candidate) => envFileRole(candidate) === 'example' || /(^|\/)env\.(example|sample)$/.test(candidate)).slice(0, 20)) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const entries = parseEnvFile(read.text);
    facts.examples.push({ path, names: entries.map((entry) => entry.key), withValues: entries.filter((entry) => entry.hasValue).length });
  }
  facts.templates = snapshot
    .glob(['**/*.example.{yaml,yml,toml,json,ini,cfg}', '**/*.sample.{yaml,yml,toml,json,ini,cfg}', '**/*.template.{yaml,yml,toml,ini,cfg}', '**/*.dist.{yaml,yml,toml,ini}'])
    .filter((path) => !VENDORED.test(path))
    .slice(0, 20);
  facts.configFiles = snapshot
    .glob(['{config,configs,conf,profiles,settings,environments}/**/*.{yaml,yml,toml,ini,cfg,json}', '{config,settings,app-config,appsettings}.{yaml,yml,toml,ini,cfg,json}', 'appsettings.*.json'])
    .filter((path) => !VENDORED.test(path) && !facts.templates.includes(path))
    .slice(0, 20);

  // Python comes from the shared reader (cached for every check, its own bounds); scripts are read one at a
  // time within the configured read cap and dropped once scanned.
  const python = await readPythonSources(snapshot);
  for (const file of python.files) scanSource(file, facts);
  for (const path of scriptPaths(snapshot)) {
    const read = await snapshot.readText(path);
    if (read.ok) scanSource({ path, text: read.text }, facts);
  }

  facts.setIn = await namesSetElsewhere(snapshot, [...facts.readsInCode.keys()]);

  for (const path of snapshot.glob(['README.{md,markdown}', '{docs,doc}/**/*.{md,markdown}']).filter((p) => !VENDORED.test(p)).slice(0, 60)) {
    const read = await snapshot.readText(path);
    if (!read.ok || !/(?<![A-Z0-9])[0-9]*[A-Z][A-Z0-9]*_[A-Z0-9_]+/.test(read.text)) continue;
    const document = parseMarkdown(read.text);
    for (const section of document.sections) {
      if (!SETTINGS_HEADING.test(section.heading.text)) continue;
      const names = new Set(section.content.match(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]{2,}\b/g) ?? []);
      if (names.size >= 2) facts.documented.push({ path, line: section.heading.line, names: names.size });
    }
  }
  return facts;
}

/** Files that set variables for a process: Cloud Build, CI pipelines (Jenkins `environment {}` too), Compose, Dockerfiles, Kubernetes/Helm values. */
const SETTING_FILES = ['cloudbuild*.{yaml,yml}', 'build/*.{yaml,yml}', '.github/workflows/*.{yml,yaml}', '.gitlab-ci.yml', '**/Jenkinsfile*', 'azure-pipelines*.yml', 'bitbucket-pipelines.yml', '.circleci/config.yml', '{docker-,}compose*.{yml,yaml}', '**/Dockerfile*', '{k8s,kubernetes,deploy,helm,charts}/**/*.{yaml,yml}'];

async function namesSetElsewhere(snapshot: Snapshot, names: readonly string[]): Promise<Array<{ path: string; names: string[] }>> {
  if (names.length === 0) return [];
  const found: Array<{ path: string; names: string[] }> = [];
  for (const path of snapshot.glob(SETTING_FILES).filter((candidate) => !VENDORED.test(candidate) && !snapshot.isSymlink(candidate)).slice(0, 40)) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const set = names.filter((name) => setsName(read.text, name));
    if (set.length) found.push({ path, names: set });
  }
  return found.sort((a, b) => b.names.length - a.names.length);
}

/** `NAME=value`, `NAME: value`, `- name: NAME` or `ENV NAME value`: the file gives the variable a value. */
function setsName(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + name.length)) {
    if (at > 0 && /[A-Za-z0-9_]/.test(text[at - 1])) continue;
    const next = text.slice(at + name.length, at + name.length + 2);
    if (/^[A-Za-z0-9_]/.test(next)) continue;
    if (/^ ?[=:]/.test(next)) return true;
    const prefix = text.slice(Math.max(text.lastIndexOf('\n', at) + 1, at - 40), at);
    if (/\b(ENV|ARG)[ \t]{1,8}$|\bname:[ \t]{0,8}["']?$/.test(prefix)) return true;
  }
  return false;
}

function scanSource(file: { path: string; text: string }, facts: ConfigurationFacts): void {
  const test = /(^|\/)(tests?|testing|__tests__)\/|(^|\/)test_[^/]*$|\.(test|spec)\.[jt]sx?$/.test(file.path);
  for (const pattern of ENV_READS) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(file.text); match; match = pattern.exec(file.text)) {
      const name = match[1];
      if (test || STANDARD.test(name) || facts.readsInCode.has(name) || facts.launcherSet.has(name) || facts.readsInCode.size >= 500) continue;
      const launcher = launcherSetting(name);
      if (launcher) facts.launcherSet.set(name, launcher);
      else facts.readsInCode.set(name, { path: file.path, line: lineAt(file.text, match.index) });
    }
  }
  if (!test && SETTINGS_MODULE.test(file.text)) facts.settingsModules.push(file.path);
  if (test) return;
  for (const [pattern, what] of HARD_CODED) {
    const match = pattern.exec(file.text);
    if (match && facts.hardCoded.length < 50) facts.hardCoded.push({ path: file.path, line: lineAt(file.text, match.index), what });
  }
}

/** JavaScript/TypeScript sources: own code only, at most 150 files. */
function scriptPaths(snapshot: Snapshot): string[] {
  return snapshot
    .glob('**/*.{js,ts,mjs,cjs,jsx,tsx}')
    .filter((path) => !VENDORED.test(path) && !/(^|\/)(dist|build|coverage)\/|\.d\.ts$|\.min\.js$/.test(path) && !snapshot.isSymlink(path))
    .slice(0, 150);
}
