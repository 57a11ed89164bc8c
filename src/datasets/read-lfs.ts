// Reads Git LFS usage into the dataset model: `filter=lfs` rules, pointer files and `.lfsconfig`.
import { gitattributesMatcher, LFS_POINTER_MAX_BYTES, looksLikeLfsPointer, parseGitattributes, parseLfsPointer } from '../formats/git-lfs.js';
import { describeFormatError } from '../formats/result.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { DatasetModel } from './model.js';
import { folderOf } from './paths.js';

/** Files under LFS rules whose size is looked up (to tell pointers from smudged content). */
const MAX_LFS_CANDIDATES = 5000;
const MAX_POINTER_EVIDENCE = 50;

export async function readLfs(snapshot: Snapshot, model: DatasetModel): Promise<void> {
  const matchers: Array<{ depth: number; match: (path: string) => boolean | null }> = [];
  for (const path of snapshot.named('.gitattributes')) {
    const read = await snapshot.readText(path, { maxBytes: Math.min(256 * 1024, snapshot.readCap) });
    if (!read.ok) continue;
    const rules = parseGitattributes(read.text);
    const lfs = rules.filter((rule) => rule.lfs);
    if (rules.length === 0) continue;
    const base = folderOf(path);
    matchers.push({ depth: base === '' ? 0 : base.split('/').length, match: gitattributesMatcher(rules, base) });
    for (const rule of lfs) model.lfsRules.push({ path, line: rule.line, pattern: rule.pattern });
    if (lfs.length) model.artifacts.push({ path, kind: 'gitattributes', line: lfs[0].line, note: `Git LFS patterns: ${lfs.map((rule) => rule.pattern).slice(0, 10).join(', ')}${lfs.length > 10 ? ` (+${lfs.length - 10})` : ''}` });
  }
  // Deeper .gitattributes files override shallower ones; within a file the last matching line wins.
  matchers.sort((a, b) => a.depth - b.depth);
  model.isLfsTracked = (path: string) => {
    let tracked: boolean | null = null;
    for (const { match } of matchers) tracked = match(path) ?? tracked;
    return tracked === true;
  };
  if (model.lfsRules.length === 0) return;

  let lfsUrl: string | null = null;
  if (snapshot.has('.lfsconfig')) {
    const read = await snapshot.readText('.lfsconfig', { maxBytes: Math.min(64 * 1024, snapshot.readCap) });
    const url = read.ok ? /^[ \t]*url\s*=\s*(\S+)/m.exec(read.text) : null;
    if (url) lfsUrl = url[1];
  }
  model.storage.push({
    kind: 'lfs',
    url: lfsUrl ?? 'Git LFS storage of the repository host',
    name: null,
    declaredIn: lfsUrl ? '.lfsconfig' : model.lfsRules[0].path,
    local: false,
    isDefault: true,
  });

  const candidates = snapshot.files.filter((path) => model.isLfsTracked(path)).slice(0, MAX_LFS_CANDIDATES);
  let pointers = 0;
  let smudged = 0;
  for (const path of candidates) {
    const size = await snapshot.sizeOf(path);
    if (size === undefined || size >= LFS_POINTER_MAX_BYTES) {
      smudged++; // real content checked out by git-lfs: covered, but its oid is only in the git index
      continue;
    }
    const read = await snapshot.readText(path, { maxBytes: Math.min(LFS_POINTER_MAX_BYTES, snapshot.readCap) });
    if (!read.ok || !looksLikeLfsPointer(read.text)) continue;
    const pointer = parseLfsPointer(read.text);
    if (!pointer.ok) {
      model.problems.push({ code: 'unparsed', path, line: pointer.error.line, column: pointer.error.column, message: `Git LFS pointer not parsed: ${describeFormatError(pointer.error)}` });
      continue;
    }
    pointers++;
    if (!pointer.value.oid.valid) {
      model.problems.push({ code: 'malformed-hash', path, line: 2, message: `Git LFS pointer oid "${pointer.value.oid.value.slice(0, 70)}" is not sha256:<64 lowercase hex>.` });
    }
    model.declarations.push({
      target: path,
      isUrl: false,
      isPattern: false,
      isDirectory: false,
      kind: 'lfs-pointer',
      name: null,
      declaredIn: path,
      line: 1,
      hashes: [pointer.value.oid],
      legacyDvcMd5: false,
      size: pointer.value.size,
      nfiles: null,
      version: null,
      storage: lfsUrl,
    });
    if (pointers <= MAX_POINTER_EVIDENCE) {
      model.artifacts.push({ path, kind: 'lfs-pointer', note: `sha256 ${pointer.value.oid.value.slice(0, 12)}…, ${pointer.value.size} bytes${pointer.value.legacy ? ', legacy hawser version URL' : ''}` });
    }
  }
  if (pointers > MAX_POINTER_EVIDENCE) model.artifacts.push({ path: '', kind: 'lfs-pointer', note: `${pointers - MAX_POINTER_EVIDENCE} more pointer files` });
  if (smudged > 0) model.artifacts.push({ path: model.lfsRules[0].path, kind: 'gitattributes', note: `${smudged} LFS-tracked file(s) present with their content (checked out by git-lfs)` });
}
