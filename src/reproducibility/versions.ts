// Which Python (and, for GPU stacks, which CUDA) the delivery runs on, from every place that states it:
// .python-version, runtime.txt, python_env.yaml, requires-python, lock files, conda environments,
// Dockerfile base images, and for CUDA also `+cuXXX` builds, nvidia-*-cuXX packages and the PyTorch wheel index;
// and what the README or a setup page says ("Python 3.10", `--index-url …/whl/cu121`), kept apart for Python
// because no tool reads it.
import { cudaVersionOfImage, pythonVersionOfImage } from '../formats/dockerfile.js';
import { parsePythonVersionFile } from '../formats/lockfiles.js';
import { parseYamlMapping } from '../formats/yaml.js';
import { foldersUp } from '../components/detect.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { EnvironmentFacts } from './environment.js';
import { cudaFromTag, documentedCudaVersion, documentedPythonVersions } from './documented-versions.js';
import { hasTemplatePlaceholder } from './pins.js';

const README_NAMES = ['README.md', 'readme.md', 'Readme.md', 'README.rst', 'README.txt'];

export interface VersionStatement {
  path: string;
  line?: number;
  /** As written: `3.11.9`, `>=3.11,<3.12`, `12.1`. */
  value: string;
  /** Names one version (or one minor series); a bare lower bound does not. */
  exact: boolean;
  source: string;
}

export interface VersionFacts {
  python: VersionStatement[];
  /** Python versions the README or setup pages state (in words or in a command): what a person reads, no tool. */
  pythonDocumented: VersionStatement[];
  /** GPU packages the environment installs (torch, tensorflow, jax with CUDA, cupy, nvidia-*). */
  gpuPackages: string[];
  cuda: VersionStatement[];
}

// nvidia-ml-py(3) reads GPU counters through the driver (monitoring) and nvidia-pyindex only adds an index:
// neither needs a CUDA toolkit, so neither asks which CUDA version.
const GPU_PACKAGES = /^(torch|torchvision|torchaudio|tensorflow|tensorflow-gpu|tf-nightly-gpu|jaxlib|jax|cupy(-cuda\w+)?|pytorch-cuda|cudatoolkit|cuda-version|onnxruntime-gpu|xformers|flash-attn|bitsandbytes|vllm|deepspeed|nvidia-(?!ml-py|pyindex)[\w-]+|triton|tensorrt|pytorch)$/;

/** One Python component of several: its root folder and which files it holds (not those of a nearer component). */
export interface PythonScope {
  root: string;
  owns(path: string): boolean;
}

/**
 * Without a scope, what the whole repository states (one Python component, or none). With one, what the
 * component's own files state: version files in its folder and above (nearest first), its environment files
 * (`environment` is already narrowed to it), its Dockerfiles, and for CUDA also its own README.
 */
export async function collectVersions(snapshot: Snapshot, environment: EnvironmentFacts, scope?: PythonScope): Promise<VersionFacts> {
  const facts: VersionFacts = { python: [], pythonDocumented: [], gpuPackages: [], cuda: [] };
  const folders = scope ? foldersUp(scope.root) : [''];
  const versionFiles = folders.flatMap((folder) => ['.python-version', 'runtime.txt', '.tool-versions'].map((name) => (folder ? `${folder}/${name}` : name)));

  for (const path of versionFiles) {
    if (!snapshot.has(path)) continue;
    const read = await snapshot.readText(path, { maxBytes: 4096 });
    if (!read.ok) continue;
    const text = path.endsWith('.tool-versions') ? (/^python\s+(\S+)/m.exec(read.text)?.[1] ?? '') : read.text;
    const version = parsePythonVersionFile(text);
    if (version) facts.python.push({ path, line: 1, value: version, exact: true, source: path });
  }
  for (const path of snapshot.named('python_env.yaml').filter((file) => !scope || scope.owns(file)).slice(0, 5)) {
    const read = await snapshot.readText(path, { maxBytes: 64 * 1024 });
    if (!read.ok) continue;
    const env = parseYamlMapping(read.text);
    const python = env.ok ? env.value.python : undefined;
    if ((typeof python === 'string' && !hasTemplatePlaceholder(python)) || typeof python === 'number') facts.python.push({ path, value: String(python), exact: true, source: 'MLflow python_env.yaml' });
  }
  for (const spec of environment.specs) {
    // A template's `requires-python = "~={{ cookiecutter.python_version }}"` states nothing until it is generated.
    if (!spec.python || hasTemplatePlaceholder(spec.python)) continue;
    facts.python.push({ path: spec.path, value: spec.python, exact: statesOneVersion(spec.python), source: spec.kind });
  }
  for (const { path, dockerfile } of environment.dockerfiles) {
    for (const stage of dockerfile.stages) {
      const python = pythonVersionOfImage(stage);
      if (python) facts.python.push({ path, line: stage.line, value: python, exact: true, source: `FROM ${stage.repository}:${stage.tag}` });
      const cuda = cudaVersionOfImage(stage);
      if (cuda) facts.cuda.push({ path, line: stage.line, value: cuda, exact: true, source: `FROM ${stage.repository}:${stage.tag}` });
    }
  }

  const gpu = new Set<string>();
  for (const spec of environment.specs) {
    for (const name of spec.packages) {
      if (!GPU_PACKAGES.test(name)) continue;
      gpu.add(name);
      const version = spec.versions.get(name) ?? '';
      const build = /\+cu(\d{2,3})\b/.exec(version);
      if (build) facts.cuda.push({ path: spec.path, value: cudaFromTag(build[1]), exact: true, source: `${name} ${version}` });
      const series = /-cu(\d{2})$/.exec(name);
      if (series) facts.cuda.push({ path: spec.path, value: series[1], exact: false, source: name });
      if (/^(pytorch-cuda|cudatoolkit|cuda-version)$/.test(name) && version) facts.cuda.push({ path: spec.path, value: version, exact: true, source: name });
    }
  }
  for (const index of environment.cudaIndexes) facts.cuda.push({ path: index.path, line: index.line, value: cudaFromTag(index.version), exact: true, source: 'PyTorch wheel index' });
  facts.gpuPackages = [...gpu].sort();

  // The README (the root's, and the component's own and those of the folders above it) and setup pages.
  const readmes = folders.flatMap((folder) => README_NAMES.map((name) => (folder ? `${folder}/${name}` : name))).filter((path) => snapshot.has(path));
  const setupPages = snapshot.glob('docs/*.{md,rst,txt}').filter((path) => /^docs\/[\w-]*(setup|install|environment|gpu|requirements|getting[-_]started)[\w-]*\.(md|rst|txt)$/i.test(path));
  const documents = [...readmes, ...setupPages].slice(0, 8);
  const wantCuda = facts.gpuPackages.length > 0 && facts.cuda.length === 0;
  for (const path of documents) {
    const read = await snapshot.readText(path, { maxBytes: 512 * 1024 });
    if (!read.ok) continue;
    const python = documentedPythonVersions(read.text)[0];
    if (python) facts.pythonDocumented.push({ path, line: python.line, value: python.value, exact: python.exact, source: 'documentation' });
    const cuda = wantCuda ? documentedCudaVersion(read.text) : null;
    if (cuda) facts.cuda.push({ path, line: cuda.line, value: cuda.value, exact: true, source: 'documentation' });
  }
  return facts;
}

/** `3.11.9`, `==3.11.*`, conda's `3.11.*`, `~=3.11.0` and `>=3.11,<3.12` name one minor series; `>=3.9` alone does not. */
export function statesOneVersion(requirement: string): boolean {
  const text = requirement.replace(/\s+/g, '');
  if (/^\d+\.\d+(\.\d+)?$/.test(text)) return true;
  if (/^\d+\.\d+\.\*$/.test(text)) return true;
  if (/^(==|===)\d+\.\d+(\.[\d*]+)?$/.test(text)) return true;
  if (/^~=\d+\.\d+\.\d+$/.test(text)) return true;
  if (/^\^?\d+\.\d+\.\d+$/.test(text)) return true;
  const lower = /(?:^|,)>=?(\d+)\.(\d+)/.exec(text);
  const upper = /(?:^|,)<(\d+)\.(\d+)/.exec(text);
  if (lower && upper) {
    const from = Number(lower[1]) * 100 + Number(lower[2]);
    const to = Number(upper[1]) * 100 + Number(upper[2]);
    return to - from <= 1;
  }
  return false;
}
