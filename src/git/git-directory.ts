// Finds a target's git directory and proves that git, reading it, stays inside the target. A `.git` file
// (`gitdir: ../other/.git`), a `.git` symlink, a `commondir`, an alternates file or a symlink inside the git
// directory can each point git at another repository (the buyer's own checkout, say): any of them leading
// out of the target refuses the history, and the target is scanned as a plain folder. Git is never asked
// to discover a repository: a folder without its own `.git` has no history, whatever its parents hold.
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';

export type GitDirectoryCheck =
  /** No `.git` in the target (and the target is not a bare repository): a plain folder. */
  | { kind: 'none' }
  /** The git directory (real path) and everything git reads through it lie inside the target. */
  | { kind: 'repository'; gitDir: string; bare: boolean }
  /** Something leads out of the target (or cannot be verified): history is not read. */
  | { kind: 'refused'; reason: string };

/** Entries of the git directory looked at, at most: past it the directory is not vouched for. */
const MAX_ENTRIES = 2_000_000;
/** git follows alternates of alternates five deep. */
const MAX_ALTERNATE_DEPTH = 5;
/** `.git` files, `commondir` and alternates are a line or a few; anything longer is not git's. */
const MAX_POINTER_BYTES = 64 * 1024;
/** A repository config is a few KiB; one larger than this is refused rather than scanned for includes. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export function locateGitDirectory(target: string): GitDirectoryCheck {
  let root: string;
  try {
    root = realpathSync(target);
  } catch {
    return { kind: 'none' };
  }
  const inside = (candidate: string) => candidate === root || candidate.startsWith(root + path.sep);
  const dotGit = path.join(root, '.git');
  let candidate: string;
  let bare = false;
  let stat;
  try {
    stat = lstatSync(dotGit);
  } catch {
    stat = null;
  }
  if (stat === null) {
    if (!looksLikeBareRepository(root)) return { kind: 'none' };
    candidate = root;
    bare = true;
  } else if (stat.isFile()) {
    const pointer = readPointer(dotGit);
    const match = pointer === null ? null : /^gitdir: ?(.+)$/m.exec(pointer);
    if (!match) return { kind: 'refused', reason: 'the .git file is not a "gitdir:" pointer' };
    const resolved = resolveInside(path.resolve(root, match[1].trim()), inside);
    if (resolved === null) return { kind: 'refused', reason: `the .git file points outside the target (gitdir: ${clip(match[1].trim())})` };
    candidate = resolved;
  } else if (stat.isSymbolicLink() || stat.isDirectory()) {
    const resolved = resolveInside(dotGit, inside);
    if (resolved === null) return { kind: 'refused', reason: '.git is a symbolic link to outside the target' };
    candidate = resolved;
  } else {
    return { kind: 'refused', reason: '.git is neither a folder nor a file' };
  }
  try {
    if (!statSync(candidate).isDirectory()) return { kind: 'refused', reason: 'the git directory is not a folder' };
  } catch {
    return { kind: 'refused', reason: 'the git directory does not exist' };
  }

  // The walk comes first: the pointers read below are then known not to lead out through a symlink.
  const budget = { entries: MAX_ENTRIES, seen: new Set<string>() };
  const escape = symlinkLeavingRoot(candidate, root, inside, budget);
  if (escape) return { kind: 'refused', reason: escape };
  // A linked work tree (or a submodule's git directory) shares objects and refs through `commondir`.
  let common = candidate;
  const commondir = readPointer(path.join(candidate, 'commondir'));
  if (commondir !== null) {
    const resolved = resolveInside(path.resolve(candidate, commondir.trim()), inside);
    if (resolved === null) return { kind: 'refused', reason: `the git directory's commondir points outside the target (${clip(commondir.trim())})` };
    common = resolved;
    const commonEscape = symlinkLeavingRoot(common, root, inside, budget);
    if (commonEscape) return { kind: 'refused', reason: commonEscape };
  }
  const alternates = checkAlternates(path.join(common, 'objects'), root, inside, budget, 0);
  if (alternates) return { kind: 'refused', reason: alternates };
  // `[include]` / `[includeIf]` make git read config files from anywhere; no delivered repository needs one.
  for (const file of [path.join(common, 'config'), path.join(candidate, 'config.worktree')]) {
    const config = readConfig(file);
    if (config === undefined) return { kind: 'refused', reason: `${path.basename(file)} is too large to check` };
    if (/^[ \t]*\[\s*include/im.test(config)) return { kind: 'refused', reason: 'the repository config includes other config files' };
  }
  return { kind: 'repository', gitDir: candidate, bare };
}

/** The git directory of a repository folder; throws when there is none or it leads out of the folder. */
export function confinedGitDir(repositoryDir: string): string {
  const located = locateGitDirectory(repositoryDir);
  if (located.kind === 'repository') return located.gitDir;
  throw new Error(located.kind === 'refused' ? `refusing to read the git repository in ${repositoryDir}: ${located.reason}` : `not a git repository: ${repositoryDir}`);
}

/** A bare repository at the target's top: `HEAD`, `objects/` and `refs/` as git itself checks. */
function looksLikeBareRepository(root: string): boolean {
  try {
    return statSync(path.join(root, 'HEAD')).isFile() && statSync(path.join(root, 'objects')).isDirectory() && statSync(path.join(root, 'refs')).isDirectory();
  } catch {
    return false;
  }
}

/** The real path of `candidate` when it exists and lies inside the target; null otherwise. */
function resolveInside(candidate: string, inside: (real: string) => boolean): string | null {
  try {
    const real = realpathSync(candidate);
    return inside(real) ? real : null;
  } catch {
    return null;
  }
}

/** A config file's text ('' when absent), or undefined when it is too large to be checked whole. */
function readConfig(file: string): string | undefined {
  try {
    if (statSync(file).size > MAX_CONFIG_BYTES) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** A small text file git reads as a pointer, or null when absent or not small. */
function readPointer(file: string): string | null {
  try {
    const stat = statSync(file);
    if (!stat.isFile() || stat.size > MAX_POINTER_BYTES) return null;
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Walks a git directory (no symlink followed) and returns why it cannot be trusted: a symlink whose target
 * leaves the root (git would follow it), or more entries than the budget.
 */
function symlinkLeavingRoot(folder: string, root: string, inside: (real: string) => boolean, budget: WalkBudget): string | null {
  if (budget.seen.has(folder)) return null;
  budget.seen.add(folder);
  const pending = [folder];
  while (pending.length > 0) {
    const current = pending.pop()!;
    let dirents: Dirent[];
    try {
      dirents = readdirSync(current, { withFileTypes: true });
    } catch {
      continue; // unreadable for git as well
    }
    budget.entries -= dirents.length;
    if (budget.entries < 0) return `the git directory holds more than ${MAX_ENTRIES} entries and was not verified`;
    for (const dirent of dirents) {
      // Most entries are loose objects (plain files): nothing to do, not even a path join.
      if (dirent.isFile()) continue;
      const full = path.join(current, dirent.name);
      if (dirent.isDirectory()) pending.push(full);
      else if (dirent.isSymbolicLink()) {
        let real: string | null;
        try {
          real = realpathSync(full);
        } catch {
          real = null; // dangling: git reads nothing through it
        }
        if (real === null) continue;
        if (!inside(real)) return `${path.relative(root, full).split(path.sep).join('/')} links outside the target`;
        // A link to a folder inside the target: git reads through it, so what it holds is walked too.
        if (!budget.seen.has(real) && isDirectory(real)) {
          budget.seen.add(real);
          pending.push(real);
        }
      }
    }
  }
  return null;
}

interface WalkBudget {
  entries: number;
  /** Real paths of folders already walked (links may lead back). */
  seen: Set<string>;
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** Each alternate object folder (and its own alternates) must lie inside the root. */
function checkAlternates(objects: string, root: string, inside: (real: string) => boolean, budget: WalkBudget, depth: number): string | null {
  const text = readPointer(path.join(objects, 'info', 'alternates'));
  if (text === null) return null;
  if (depth >= MAX_ALTERNATE_DEPTH) return 'alternates nest deeper than git follows';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    // git accepts C-quoted paths; none is needed inside a delivered repository.
    if (line.startsWith('"')) return 'objects/info/alternates holds a quoted path';
    const resolved = resolveInside(path.resolve(objects, line), inside);
    if (resolved === null) return `objects/info/alternates points outside the target (${clip(line)})`;
    const escape = symlinkLeavingRoot(resolved, root, inside, budget) ?? checkAlternates(resolved, root, inside, budget, depth + 1);
    if (escape) return escape;
  }
  return null;
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/**
 * Why the repository's own `info/attributes` may hide lines from a history read, or null. git always reads
 * that file (it outranks every other attribute source and no setting turns it off): a `-diff`, `binary`,
 * `diff=<driver>` or macro there makes patches "binary", so the lines a commit added are never shown. A
 * delivered repository has no reason to carry one (it is local to a clone, never committed).
 */
export function historyHidingAttributes(gitDir: string): string | null {
  const commondir = readPointer(path.join(gitDir, 'commondir'));
  const common = commondir === null ? gitDir : path.resolve(gitDir, commondir.trim());
  const file = path.join(common, 'info', 'attributes');
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return null;
  }
  const text = readPointer(file);
  if (text === null) return `info/attributes (${size} bytes) cannot be checked`;
  const line = text
    .split('\n')
    .map((raw) => raw.trim())
    .find((raw) => raw !== '' && !raw.startsWith('#') && (raw.startsWith('[attr]') || /(?:^|\s)(?:[-!]diff|diff=\S*|binary)(?=\s|$)/.test(raw)));
  return line === undefined ? null : `info/attributes sets "${clip(line)}"`;
}
