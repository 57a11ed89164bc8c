// Answers "does what this document points at exist?" against the snapshot's listing: files and folders
// (DVC-tracked files count through their .dvc file), `python -m` modules of the repository's own packages,
// Make targets and DVC stages. Each Makefile and dvc.yaml is read once. Nothing is executed.
import { parseDvcPipeline } from '../formats/dvc.js';
import { parseMakeTargets } from '../formats/make-targets.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { DocReference } from './doc-references.js';

/** What a command produces or pulls rather than what git ships: a missing path there is not a broken reference. */
const OUTPUT_FOLDERS = /^(reports?|outputs?|out|artifacts|logs?|tmp|temp|mlruns|build|dist|results|wandb|models?|data|checkpoints|\.venv|venv)(\/|$)/i;
const READ_CAP = 512 * 1024;
/** Folder names a project's own code and docs live in: a path under one that is gone is a broken reference. */
const PROJECT_FOLDER = /^(src|lib|app|apps|scripts?|bin|configs?|conf|docs?|tests?|notebooks?|pipelines?|services?|packages?|deploy|deployment|infra|infrastructure|terraform|k8s|helm|charts?|monitoring|evaluation|training|serving|api|web|frontend|backend|tools|\.github)$/i;
/**
 * A name the reader chooses (`--config-dir ./my-configs`, `--config configs/custom_research.yaml`,
 * `path/to/file`): an example of what to pass, not something the repository ships.
 */
const PLACEHOLDER_SEGMENT = /^(?:(?:my|your)(?:[-_.]\w[\w.-]*)?|custom[-_.]\w[\w.-]*|\[[\w.-]{1,40}\]|\{[\w.-]{1,40}\})$/i; // `src/[package]/…`, `{project}`

export type Resolution =
  | { status: 'ok'; /** The file the reference lands on, when it is one. */ file?: string }
  | { status: 'missing'; detail: string }
  /** Not the repository's business (a third-party module, an output folder). */
  | { status: 'not-a-reference' };

/** `--output ./bin/publish`, `-o out/model.pkl`: a path the command writes, not one the repository ships. */
function isOutputArgument(command: string, target: string): boolean {
  const words = command.split(/\s+/);
  for (let i = 0; i < words.length && i < 200; i++) {
    const flag = /^(-o|-O|--output|--out|--output-dir|--outdir|--out-dir|--output-path|--save|--save-dir|--dest|--destination)(?:=(.*))?$/.exec(words[i]);
    if (!flag) continue;
    const value = (flag[2] ?? words[i + 1] ?? '').replace(/^['"]|['"]$/g, '').replace(/^\.\//, '').replace(/(?<!\/)\/+$/, '');
    if (value === target.replace(/(?<!\/)\/+$/, '')) return true;
  }
  return false;
}

/**
 * Whether a bare path's first folder is in the repository (at the root or beside the document). One that is
 * not names another repository or no path at all (`govuk-infrastructure/terraform/…`, a model prefix `azure/`).
 */
export function topFolderPresent(snapshot: Snapshot, target: string, docFolder: string): boolean {
  const top = target.split('/')[0];
  // A single file name (`./train.py`) is judged as written; a single folder name is a folder like any other.
  if (!top || PROJECT_FOLDER.test(top) || (!target.includes('/') && /\.[A-Za-z0-9]{1,8}$/.test(target))) return true;
  const present = (path: string) => snapshot.has(path) || snapshot.has(`${path}.dvc`) || snapshot.under(path).length > 0;
  return present(top) || (docFolder !== '' && present(`${docFolder}/${top}`));
}

function isPlaceholder(target: string): boolean {
  return /(^|\/)path\/to\//i.test(target) || target.split('/').some((segment) => PLACEHOLDER_SEGMENT.test(segment));
}

/** How many leading folders two paths share (`a/b/c.py` and `a/b/d` share 2). */
function sharedFolders(path: string, folder: string): number {
  if (!folder) return 0;
  const left = path.split('/');
  const right = folder.split('/');
  let shared = 0;
  while (shared < right.length && shared < left.length - 1 && left[shared] === right[shared]) shared++;
  return shared;
}

export class ReferenceResolver {
  private readonly makefiles = new Map<string, Promise<{ targets: Set<string>; open: boolean } | null>>();
  private readonly pipelines = new Map<string, Promise<Set<string> | null>>();

  constructor(private readonly snapshot: Snapshot) {}

  async resolve(reference: DocReference, docPath: string): Promise<Resolution> {
    switch (reference.kind) {
      case 'path':
        return this.path(reference, docPath);
      case 'python-module':
        return this.module(reference.target!, docPath);
      case 'make-target':
        return this.makeTarget(reference);
      case 'dvc-stage':
        return this.dvcStage(reference);
    }
  }

  private exists(path: string): string | null {
    if (this.snapshot.has(path)) return path;
    if (this.snapshot.has(`${path}.dvc`)) return `${path}.dvc`;
    return this.snapshot.under(path).length > 0 ? path : null;
  }

  private path(reference: DocReference, docPath: string): Resolution {
    const target = reference.target!;
    if (/(^|\/)\.\.\.$/.test(target)) return { status: 'not-a-reference' }; // Go's package pattern `./...`
    const found = this.exists(target);
    if (found) return { status: 'ok', file: found };
    const folder = docPath.includes('/') ? docPath.slice(0, docPath.lastIndexOf('/')) : '';
    // Beside the document, or in a folder above it (`steps/loader.py` named in `project/data/README.md`).
    for (let above = folder; above; above = above.includes('/') ? above.slice(0, above.lastIndexOf('/')) : '') {
      const near = this.exists(`${above}/${target}`);
      if (near) return { status: 'ok', file: near };
    }
    if (OUTPUT_FOLDERS.test(target) || isOutputArgument(reference.command, target) || isPlaceholder(target)) return { status: 'not-a-reference' };
    // Run from another folder (`cd scripts/` in an earlier block, then `./install.sh`): the file is there.
    const elsewhere = this.endingWith(target, folder);
    if (elsewhere) return { status: 'ok', file: elsewhere };
    // A bare path whose first folder is nowhere in the repository names another repository or no path at
    // all (`govuk-infrastructure/terraform/…`, a model prefix `azure/`, a folder the reader is told to create).
    if (reference.bare && !this.topFolderPresent(target, folder)) return { status: 'not-a-reference' };
    return { status: 'missing', detail: `${target} is not in the repository` };
  }

  private byName: Map<string, string[]> | null = null;

  /**
   * A listed file or folder whose path ends with `/<target>`: the target as seen from some folder of the
   * repository (a service's folder, or a project template's `{{ cookiecutter.repo_name }}/notebooks/`).
   * In a repository of several projects the one sharing most folders with the document is meant
   * (`project/README.md` naming `run.py` means `project/src/run.py`, not another project's).
   */
  private endingWith(target: string, docFolder: string): string | null {
    const clean = target.replace(/(?<!\/)\/+$/, '');
    const name = clean.slice(clean.lastIndexOf('/') + 1);
    if (!name) return null;
    if (!this.byName) {
      const index = new Map<string, string[]>();
      const note = (base: string, path: string) => {
        const list = index.get(base);
        if (!list) index.set(base, [path]);
        else if (list.length < 50 && !list.includes(path)) list.push(path);
      };
      for (const path of this.snapshot.files) {
        const parts = path.split('/');
        // Every folder on the way counts under its own name, as the file does.
        for (let i = 0; i < parts.length && i < 30; i++) note(parts[i], parts.slice(0, i + 1).join('/'));
      }
      this.byName = index;
    }
    const candidates = (this.byName.get(name) ?? []).filter((path) => path.endsWith(`/${clean}`));
    let best: string | null = null;
    let bestShared = -1;
    for (const candidate of candidates) {
      const shared = sharedFolders(candidate, docFolder);
      if (shared > bestShared) [best, bestShared] = [candidate, shared];
    }
    return best;
  }

  private topFolderPresent(target: string, docFolder: string): boolean {
    return topFolderPresent(this.snapshot, target, docFolder);
  }

  /** `pkg/mod.py`, `pkg/mod/__main__.py` or `pkg/mod/__init__.py`, at the root, under `src/` or beside the doc. */
  private module(module: string, docPath: string): Resolution {
    const relative = module.replace(/\./g, '/');
    const top = module.split('.')[0];
    const folder = docPath.includes('/') ? docPath.slice(0, docPath.lastIndexOf('/')) : '';
    let topPresent = false;
    for (const root of ['', 'src', folder]) {
      const at = (suffix: string) => (root ? `${root}/${suffix}` : suffix);
      for (const candidate of [`${relative}.py`, `${relative}/__main__.py`, `${relative}/__init__.py`]) {
        if (this.snapshot.has(at(candidate))) return { status: 'ok', file: at(candidate) };
      }
      if (this.snapshot.has(at(`${top}.py`)) || this.snapshot.under(at(top)).length > 0) topPresent = true;
    }
    return topPresent ? { status: 'missing', detail: `module ${module} is not in the repository` } : { status: 'not-a-reference' };
  }

  private async makeTarget(reference: DocReference): Promise<Resolution> {
    // `make RECIPE_NAME`, `make TARGET`: a stand-in the reader replaces, not a target to look for.
    if (reference.target !== null && /^[A-Z][A-Z0-9_]*$/.test(reference.target)) return { status: 'not-a-reference' };
    const base = reference.definedIn ?? '';
    const candidates = base && !base.endsWith('/') ? [base] : ['Makefile', 'makefile', 'GNUmakefile'].map((name) => `${base}${name}`);
    const file = candidates.find((candidate) => this.snapshot.has(candidate));
    const found = file ? await this.makefileHas(file, reference.target) : null;
    if (found?.status === 'ok') return found;
    // `cd backend && make test`, or a block run from a service's folder: a Makefile elsewhere with the target.
    const others = reference.definedIn ? [] : this.snapshot.glob('**/{Makefile,makefile,GNUmakefile}').filter((path) => path !== file).slice(0, 20);
    for (const other of others) {
      const elsewhere = await this.makefileHas(other, reference.target);
      if (elsewhere.status === 'ok') return elsewhere;
    }
    if (found) return found;
    if (others.length === 0) return { status: 'missing', detail: `there is no ${candidates[0]}` };
    return { status: 'missing', detail: `there is no ${candidates[0]} at the root, and ${others.slice(0, 3).join(', ')}${others.length > 3 ? ', …' : ''} ${others.length > 1 ? 'have' : 'has'} no target "${reference.target}"` };
  }

  private async makefileHas(file: string, target: string | null): Promise<Resolution> {
    let pending = this.makefiles.get(file);
    if (!pending) this.makefiles.set(file, (pending = this.readMakefile(file)));
    const parsed = await pending;
    if (!parsed) return { status: 'missing', detail: `${file} could not be read` };
    if (target === null || parsed.open || parsed.targets.has(target)) return { status: 'ok', file };
    return { status: 'missing', detail: `${file} has no target "${target}"` };
  }

  private async readMakefile(path: string): Promise<{ targets: Set<string>; open: boolean } | null> {
    const read = await this.snapshot.readText(path, { maxBytes: READ_CAP });
    if (!read.ok) return null;
    const parsed = parseMakeTargets(read.text);
    // Included makefiles are not followed here: any target might come from them.
    return { targets: new Set(parsed.targets.keys()), open: parsed.open || parsed.includes.length > 0 };
  }

  private async dvcStage(reference: DocReference): Promise<Resolution> {
    const file = reference.definedIn ?? 'dvc.yaml';
    if (!this.snapshot.has(file)) return { status: 'missing', detail: `there is no ${file}` };
    if (reference.target === null) return { status: 'ok', file };
    let pending = this.pipelines.get(file);
    if (!pending) this.pipelines.set(file, (pending = this.readPipeline(file)));
    const stages = await pending;
    if (!stages) return { status: 'ok', file }; // an unparsable dvc.yaml is the dataset check's finding
    return stages.has(reference.target) ? { status: 'ok', file } : { status: 'missing', detail: `${file} has no stage "${reference.target}"` };
  }

  private async readPipeline(path: string): Promise<Set<string> | null> {
    const read = await this.snapshot.readText(path, { maxBytes: READ_CAP });
    if (!read.ok) return null;
    const parsed = parseDvcPipeline(read.text);
    return parsed.ok ? new Set(parsed.value.stages.map((stage) => stage.name)) : null;
  }
}
