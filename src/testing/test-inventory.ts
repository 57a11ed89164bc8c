// The repository's automated tests set against its code: test files by convention (Python `test_*.py`,
// `*_test.py`, `tests/`; JavaScript/TypeScript `*.test.*`, `*.spec.*`, `*-spec.js`, `__tests__/`, `spec/` and
// `test/` folders; Ruby, Go, JVM, .NET, Rust and PHP by test-conventions.ts), the source files they should
// cover, the top-level packages, and for each test file read: how many test cases it holds, what it imports,
// and whether it exercises the model or the data rather than only utility code. Test-looking files in a
// language none of these reads are counted by language (Linguist's table), so the check can say what it did
// not read. Judged from the listing first; at most MAX_READ test files are read, each bounded.
import { detectComponents } from '../components/detect.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { programmingLanguageOf } from './languages.js';
import { looksLikeTest, NOT_TEST_CODE, READ_LANGUAGES, TEST_CONVENTIONS, type EcosystemLanguage, type TestConvention } from './test-conventions.js';

export type TestLanguage = 'python' | 'javascript' | EcosystemLanguage;

export interface TestFile {
  path: string;
  language: TestLanguage;
  /** Test functions / `it`/`test` calls found; null when the file was not read (beyond the cap or unreadable). */
  cases: number | null;
  /** Modules it imports (Python dotted names, JavaScript specifiers). */
  imports: string[];
  model: boolean;
  data: boolean;
}

export interface CodePackage {
  /** Folder of the package (`src/kestrel_churn`, `packages/api`). */
  path: string;
  /** Import name (`kestrel_churn`) or package folder name. */
  name: string;
  language: TestLanguage;
  sources: number;
}

export interface TestInventory {
  tests: TestFile[];
  /** Own source files (tests, `__init__.py`, configs, vendored and generated code excluded). */
  sources: string[];
  notebooks: number;
  packages: CodePackage[];
  /** Test files found by name but not read (beyond the cap). */
  unread: number;
  /** Test-looking files in languages the check does not read, per language, most files first. */
  unreadLanguages: Array<{ language: string; files: number; example: string }>;
}

const MAX_READ = 300;
const MAX_TEST_BYTES = 256 * 1024;
const NOT_OWN = /(^|\/)(node_modules|\.venv|venv|env|site-packages|vendor|_vendor|third_party|dist|build|\.eggs|[^/]*\.egg-info|\.tox|\.nox|mlruns|wandb|\.dvc|coverage|htmlcov|\.git|docs?|\.ipynb_checkpoints|migrations)\//;
const PY_TEST_NAME = /(^|\/)(test_[^/]*|[^/]*_test|tests?)\.py$/;
const PY_TEST_DIR = /(^|\/)(tests?|testing)\//;
const PY_SUPPORT = /(^|\/)(__init__|conftest)\.py$/;
const JS_EXT = /\.(js|jsx|ts|tsx|mjs|cjs|mts|cts)$/;
const JS_TEST = /[._-](test|spec|cy)\.(js|jsx|ts|tsx|mjs|cjs|mts|cts)$|(^|\/)__tests__\//;
/** Mocha's `test/`, Jasmine's `spec/` (`spec/javascripts/helpers/`): scripts there are tests when they hold cases, helpers otherwise. */
const JS_TEST_DIR = /(^|\/)(tests?|spec)\//;
const MAX_INLINE_READ = 400;
const JS_NOT_SOURCE = /\.d\.ts$|(^|\/)[^/]*\.config\.[^/]+$|(^|\/)(\.eslintrc|\.prettierrc|jest\.setup|vitest\.setup)[^/]*$/;
const PY_NOT_SOURCE = /(^|\/)(setup|noxfile|conftest|manage|__main__|__init__)\.py$/;

/** Words in a test's path or imports that point at the model, and at the data. */
const MODEL_WORDS = /(model|train|predict|infer|evaluat|scor(e|ing)|serv(e|ing|ice)|registry|estimator|classif|regress|forecast|rank|recommend|api|endpoint|llm|prompt)/i;
const DATA_WORDS = /(data|dataset|schema|feature|prepar|preprocess|valid|quality|ingest|etl|transform|clean|split|snapshot|loader|contract|expectation)/i;
const MODEL_CODE = /\.(fit|predict|predict_proba|transform|score)\s*\(|\bload_model\b|mlflow\.(pyfunc|sklearn|lightgbm|pytorch)|\b(torch|lightgbm|xgboost|sklearn|catboost|transformers)\b|\bassert_test\s*\(|\bLLMTestCase\b|\bTestClient\s*\(|\b(?:[Aa]nthropic|OpenAI|openai|[Bb]edrock|[Ll]ang[Cc]hain|langchain_[a-z_]{1,30}|SemanticKernel|ChatCompletion|[Oo]llama|litellm|llama_index|LlamaIndex|onnxruntime|OrtSession)\b/;
const DATA_CODE = /\b(pandera|great_expectations|deepchecks|evidently)\b|\bread_(parquet|csv|sql)\s*\(|\.(isna|isnull|notna|duplicated|dtypes)\b|\bassert_frame_equal\b|\.columns\b/;

/** `extra`: files declared as tests (policy, manifest or repository locations), counted whatever their names. */
export async function collectTestInventory(snapshot: Snapshot, extra: readonly string[] = []): Promise<TestInventory> {
  const declared = new Set(extra);
  const python = snapshot.glob('**/*.py').filter((path) => !NOT_OWN.test(path) && !snapshot.isSymlink(path));
  const scripts = snapshot.glob(['**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts}']).filter((path) => !NOT_OWN.test(path) && !snapshot.isSymlink(path));
  const notebooks = snapshot.glob('**/*.ipynb').filter((path) => !NOT_OWN.test(path)).length;

  const testPaths: TestPath[] = [];
  const sources: string[] = [];
  for (const path of python) {
    // A helper beside the tests (`tests/fake_llm.py`, page objects) is a test only when it holds cases:
    // pytest and unittest collect `test_*.py` and `*_test.py`, not every module in the folder.
    if (isPythonTest(path) || (declared.has(path) && !PY_SUPPORT.test(path))) testPaths.push({ path, language: 'python', folderOnly: !PY_TEST_NAME.test(path) && !declared.has(path) });
    else if (!PY_NOT_SOURCE.test(path)) sources.push(path);
  }
  for (const path of scripts) {
    if (JS_TEST.test(path) || declared.has(path)) testPaths.push({ path, language: 'javascript', folderOnly: false });
    else if (JS_TEST_DIR.test(path) && !JS_NOT_SOURCE.test(path)) testPaths.push({ path, language: 'javascript', folderOnly: true });
    else if (!JS_NOT_SOURCE.test(path) && !PY_TEST_DIR.test(path)) sources.push(path);
  }
  const other = classifyOtherLanguages(snapshot, declared);
  testPaths.push(...other.tests);
  sources.push(...other.sources);
  testPaths.push(...(await inlineTests(snapshot, other.inline)));

  const packages = findPackages(snapshot, sources, python);
  const own = ownModules(packages, sources);
  // Tests near code and named for the model first, so a capped read sees the ones that matter.
  const ordered = [...testPaths].sort((a, b) => Number(!MODEL_WORDS.test(a.path)) - Number(!MODEL_WORDS.test(b.path)) || (a.path < b.path ? -1 : 1));
  const tests: TestFile[] = [];
  let unread = 0;
  for (let i = 0; i < ordered.length; i += 32) {
    const batch = await Promise.all(
      ordered.slice(i, i + 32).map(async ({ path, language, folderOnly, text }, offset) => {
        if (text !== undefined) return describeTest(path, language, text, own);
        if (i + offset >= MAX_READ) return folderOnly ? null : describeUnread(path, language);
        const read = await snapshot.readText(path, { maxBytes: MAX_TEST_BYTES });
        if (!read.ok) return folderOnly ? null : describeUnread(path, language);
        const test = describeTest(path, language, read.text, own);
        // A helper in a test folder (spec/support, tests/common) is not an empty test.
        return folderOnly && test.cases === 0 ? null : test;
      }),
    );
    for (const test of batch) {
      if (!test) continue;
      if (test.cases === null) unread++;
      tests.push(test);
    }
  }
  tests.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { tests, sources, notebooks, packages, unread, unreadLanguages: other.unreadLanguages };
}

interface TestPath {
  path: string;
  language: TestLanguage;
  /** Found only by its folder: counted when it holds cases. */
  folderOnly: boolean;
  /** Already read (a source file with inline tests). */
  text?: string;
}

/**
 * Ruby, Go, JVM, .NET, Rust and PHP files by their conventions; every other test-looking file in a
 * programming language is counted by language as not read.
 */
function classifyOtherLanguages(snapshot: Snapshot, declared: ReadonlySet<string>): { tests: TestPath[]; sources: string[]; inline: Array<{ path: string; convention: TestConvention }>; unreadLanguages: TestInventory['unreadLanguages'] } {
  const tests: TestPath[] = [];
  const sources: string[] = [];
  const inline: Array<{ path: string; convention: TestConvention }> = [];
  const unread = new Map<string, { files: number; example: string }>();
  for (const path of snapshot.files) {
    if (NOT_OWN.test(path) || /\.(py|js|jsx|ts|tsx|mjs|cjs|mts|cts|ipynb)$/.test(path)) continue;
    const convention = TEST_CONVENTIONS.find((candidate) => candidate.code.test(path));
    if (convention) {
      if (convention.support.test(path) || snapshot.isSymlink(path)) continue;
      const kind = declared.has(path) ? 'name' : convention.testKind(path);
      if (kind) tests.push({ path, language: convention.language, folderOnly: kind === 'folder' });
      else {
        sources.push(path);
        if (convention.inlineTests) inline.push({ path, convention });
      }
      continue;
    }
    if (!looksLikeTest(path)) continue;
    const language = programmingLanguageOf(path);
    if (!language || READ_LANGUAGES.has(language) || NOT_TEST_CODE.has(language)) continue;
    const entry = unread.get(language) ?? { files: 0, example: path };
    entry.files++;
    unread.set(language, entry);
  }
  const unreadLanguages = [...unread].map(([language, entry]) => ({ language, ...entry })).sort((a, b) => b.files - a.files || (a.language < b.language ? -1 : 1));
  return { tests, sources, inline, unreadLanguages };
}

/** Source files that carry their own tests (Rust `#[cfg(test)]` modules): read, bounded, and counted as tests too. */
async function inlineTests(snapshot: Snapshot, candidates: Array<{ path: string; convention: TestConvention }>): Promise<TestPath[]> {
  const found: TestPath[] = [];
  for (let i = 0; i < Math.min(candidates.length, MAX_INLINE_READ); i += 32) {
    const batch = await Promise.all(
      candidates.slice(i, Math.min(i + 32, MAX_INLINE_READ)).map(async ({ path, convention }) => {
        const read = await snapshot.readText(path, { maxBytes: MAX_TEST_BYTES });
        return read.ok && convention.inlineTests!.test(read.text) ? { path, language: convention.language, folderOnly: true, text: read.text } : null;
      }),
    );
    for (const entry of batch) if (entry) found.push(entry);
  }
  return found;
}

export function isPythonTest(path: string): boolean {
  if (PY_SUPPORT.test(path)) return false;
  return PY_TEST_NAME.test(path) || PY_TEST_DIR.test(path);
}

/**
 * What one test file holds: cases, imports, and whether it touches the model or the data. Only the
 * repository's own modules (`own`, plus relative imports) count as naming what is tested: `dataclasses`
 * says nothing about data. Pure.
 */
export function describeTest(path: string, language: TestLanguage, input: string, own: ReadonlySet<string> = new Set()): TestFile {
  const text = input.length > MAX_TEST_BYTES ? input.slice(0, MAX_TEST_BYTES) : input;
  const convention = TEST_CONVENTIONS.find((candidate) => candidate.language === language);
  const cases =
    language === 'python'
      ? countMatches(text, /^[ \t]*(?:async[ \t]+)?def[ \t]+test\w*[ \t]*\(/gm)
      : language === 'javascript'
        ? countMatches(text, /(?:^|[^\w.$])(?:it|test)(?:\.(?:only|each|concurrent|failing|skip))?[ \t]*[(`]/gm)
        : countMatches(text, convention!.cases);
  const imports = language === 'python' ? pythonImports(text) : language === 'javascript' ? scriptImports(text) : [];
  // The test's own file name and the modules it imports from the repository, without the package name
  // itself (`demand_forecast.features` says "features", not "forecast").
  const ownImports = imports.flatMap((spec) => {
    if (spec.startsWith('.')) return [spec];
    const root = spec.startsWith('@') ? (spec.split('/')[1] ?? '') : spec.split(/[./]/)[0];
    return own.has(root) ? [spec.slice(spec.indexOf(root) + root.length)] : [];
  });
  const named = path.slice(path.lastIndexOf('/') + 1) + ' ' + ownImports.join(' ');
  // `skip` and `todo` alone do not test anything; a file of skipped tests counts its cases all the same,
  // the JUnit report (when committed) says how many ran.
  return {
    path,
    language,
    cases,
    imports,
    model: cases > 0 && (MODEL_WORDS.test(named) || MODEL_CODE.test(text)),
    data: cases > 0 && (DATA_WORDS.test(named) || DATA_CODE.test(text)),
  };
}

function describeUnread(path: string, language: TestLanguage): TestFile {
  return { path, language, cases: null, imports: [], model: MODEL_WORDS.test(path), data: DATA_WORDS.test(path) };
}

function pythonImports(text: string): string[] {
  const found = new Set<string>();
  const pattern = /^[ \t]*(?:from[ \t]+(\.*[\w.]+)[ \t]+import[ \t]+([\w, \t]+)|import[ \t]+([\w.]+))/gm;
  for (let match = pattern.exec(text); match && found.size < 200; match = pattern.exec(text)) {
    if (match[3]) found.add(match[3]);
    else {
      found.add(match[1]);
      // `from kestrel_churn import train, features` imports modules by name.
      for (const name of match[2].split(',').map((part) => part.trim().split(/\s+/)[0])) if (/^\w+$/.test(name)) found.add(`${match[1]}.${name}`);
    }
  }
  return [...found];
}

function scriptImports(text: string): string[] {
  const found = new Set<string>();
  const pattern = /(?:\bfrom[ \t]+|\brequire[ \t]*\([ \t]*|\bimport[ \t]*\([ \t]*|^[ \t]*import[ \t]+)(['"])([^'"\n]{1,200})\1/gm;
  for (let match = pattern.exec(text); match && found.size < 200; match = pattern.exec(text)) found.add(match[2]);
  return [...found];
}

function countMatches(text: string, pattern: RegExp): number {
  pattern.lastIndex = 0; // the conventions' patterns are shared: start each file from its beginning
  let count = 0;
  for (let match = pattern.exec(text); match && count < 100_000; match = pattern.exec(text)) count++;
  return count;
}

/**
 * Top-level packages: Python folders with an `__init__.py` whose parent has none (the top of each package
 * tree, wherever it sits: `pkg/`, `src/pkg/`, `services/x/src/pkg/`), and JavaScript workspaces (folders
 * with a package.json holding sources; the root package when there are no workspaces).
 */
function findPackages(snapshot: Snapshot, sources: string[], python: string[]): CodePackage[] {
  const packages: CodePackage[] = [];
  const initFolders = new Set(python.filter((path) => path.endsWith('/__init__.py')).map((path) => path.slice(0, path.lastIndexOf('/'))));
  for (const folder of [...initFolders].sort()) {
    if (PY_TEST_DIR.test(folder + '/')) continue;
    const parent = folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '';
    if (initFolders.has(parent)) continue;
    const count = countUnder(sources, folder);
    if (count > 0) packages.push({ path: folder, name: folder.slice(folder.lastIndexOf('/') + 1), language: 'python', sources: count });
    if (packages.length >= 100) return packages;
  }
  const manifests = snapshot
    .named('package.json')
    .filter((path) => !NOT_OWN.test(path))
    .map((path) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : ''));
  const workspaces = manifests.filter((folder) => folder !== '');
  for (const folder of workspaces.length ? workspaces : manifests) {
    const count = sources.filter((path) => JS_EXT.test(path) && (folder === '' || path.startsWith(folder + '/'))).length;
    if (count > 0) packages.push({ path: folder, name: folder ? folder.slice(folder.lastIndexOf('/') + 1) : '(root package)', language: 'javascript', sources: count });
    if (packages.length >= 100) break;
  }
  // Ruby, Go, JVM, .NET, Rust and PHP components, by their manifests (Gemfile, go.mod, build files, projects, Cargo.toml, composer.json).
  for (const component of detectComponents(snapshot.files)) {
    const convention = TEST_CONVENTIONS.find((candidate) => candidate.language === component.ecosystem);
    if (!convention || packages.length >= 100) continue;
    const prefix = component.root ? component.root + '/' : '';
    const count = sources.filter((path) => convention.code.test(path) && path.startsWith(prefix)).length;
    if (count > 0) packages.push({ path: component.root, name: component.root ? component.root.slice(component.root.lastIndexOf('/') + 1) : `(root ${convention.language} component)`, language: convention.language, sources: count });
  }
  // Loose Python modules at the root (no package at all) form one unit of their own.
  if (!packages.some((pkg) => pkg.language === 'python')) {
    const loose = sources.filter((path) => path.endsWith('.py') && !path.includes('/')).length;
    if (loose > 0) packages.push({ path: '', name: '(top-level modules)', language: 'python', sources: loose });
  }
  return packages;
}

/** Import roots that are the repository's own code: package names and loose root modules. */
function ownModules(packages: CodePackage[], sources: string[]): Set<string> {
  const own = new Set(packages.map((pkg) => pkg.name));
  for (const path of sources) if (path.endsWith('.py') && !path.includes('/')) own.add(path.slice(0, -3));
  return own;
}

function countUnder(sources: string[], folder: string): number {
  const prefix = folder + '/';
  let count = 0;
  for (const path of sources) if (path.startsWith(prefix) && path.endsWith('.py')) count++;
  return count;
}

/** Whether any test exercises the package: a test inside its folder, or one importing it by name. */
export function testsFor(pkg: CodePackage, tests: readonly TestFile[]): TestFile[] {
  const prefix = pkg.path ? pkg.path + '/' : '';
  return tests.filter((test) => {
    if (test.cases === 0) return false;
    if (prefix && test.path.startsWith(prefix)) return true;
    // The root package of a repository is exercised by any test in its language (Jasmine specs load it as
    // globals); .NET test projects sit beside the projects they reference.
    if (pkg.language === test.language && (pkg.path === '' || pkg.language === 'dotnet')) return true;
    return test.imports.some((spec) => spec === pkg.name || spec.startsWith(pkg.name + '.') || spec.startsWith(pkg.name + '/') || spec.startsWith(`@${pkg.name}`) || spec.endsWith('/' + pkg.name));
  });
}
