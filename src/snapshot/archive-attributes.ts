// `git archive` (and so GitHub's archive) applies some .gitattributes on the way out: export-ignore leaves
// files out, export-subst and ident rewrite their text, eol / working-tree-encoding convert it. A scan of
// such an archive would not be a scan of the commit, so these attributes bring in the tree: it lists the
// commit, and only files whose archive copy is not the commit's blob are fetched as blobs.
import picomatch from 'picomatch';
import type { ArchiveContents } from './archive-reader.js';

const REWRITING = /(?:^|\s)(export-ignore|export-subst|ident|eol=crlf|working-tree-encoding=\S+)(?=\s|$)/m;
const LFS = /(?:^|\s)filter=lfs(?=\s|$)/m;
const LFS_POINTER = Buffer.from('version https://git-lfs.github.com/spec/');
const ATTRIBUTES_READ_CAP = 1024 * 1024;

/**
 * Why the archive differs from the commit, or null when no .gitattributes asks git archive to change it.
 * Git LFS too: a repository may have GitHub put LFS objects in its archives instead of the pointers the
 * commit holds. Files matching an LFS pattern, none of them a pointer, are taken as that.
 */
export function archiveRewrites(contents: ArchiveContents): string | null {
  const lfsPatterns: Array<{ file: string; matches: (path: string) => boolean }> = [];
  for (const entry of contents.entries.values()) {
    if (entry.kind !== 'file' || !(entry.path === '.gitattributes' || entry.path.endsWith('/.gitattributes'))) continue;
    if (entry.size > ATTRIBUTES_READ_CAP) return `${entry.path} is larger than ${ATTRIBUTES_READ_CAP} bytes, so what git archive changed cannot be told`;
    const bytes = 'bytes' in entry ? entry.bytes : contents.readSpilled(entry.spillOffset, entry.size);
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    for (const line of text.split('\n')) {
      if (line.trimStart().startsWith('#')) continue;
      const match = REWRITING.exec(line);
      if (match) return `${entry.path} sets ${match[1]}, which GitHub's archive applies (files left out or rewritten)`;
      if (LFS.test(line)) lfsPatterns.push({ file: entry.path, matches: lfsMatcher(entry.path, line.trim().split(/\s+/)[0]) });
    }
  }
  if (lfsPatterns.length === 0) return null;
  let tracked: string | undefined;
  for (const entry of contents.entries.values()) {
    if (entry.kind !== 'file') continue;
    const pattern = lfsPatterns.find((candidate) => candidate.matches(entry.path));
    if (!pattern) continue;
    if (isLfsPointer(entry)) return null; // pointers, as the commit holds them
    tracked ??= `${pattern.file} tracks ${entry.path} with Git LFS and the archive holds its content, not a pointer: GitHub puts LFS objects in this repository's archives`;
  }
  return tracked ?? null;
}

/** A .gitattributes pattern as git reads it: without a slash it matches a name at any depth below its folder. */
function lfsMatcher(attributesFile: string, pattern: string): (path: string) => boolean {
  const folder = attributesFile.includes('/') ? attributesFile.slice(0, attributesFile.lastIndexOf('/') + 1) : '';
  const anchored = pattern.replace(/^\//, '');
  const test = picomatch(anchored.includes('/') ? anchored : `**/${anchored}`, { dot: true });
  return (path) => path.startsWith(folder) && test(path.slice(folder.length));
}

function isLfsPointer(entry: { size: number } & ({ bytes: Uint8Array } | { spillOffset: number })): boolean {
  if (!('bytes' in entry) || entry.size < LFS_POINTER.length || entry.size >= 1024) return false;
  return Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, LFS_POINTER.length).equals(LFS_POINTER);
}
