// `git archive` (and so GitHub's archive) applies some .gitattributes on the way out: export-ignore leaves
// files out, export-subst and ident rewrite their text, eol / working-tree-encoding convert it. A scan of
// such an archive would not be a scan of the commit, so these attributes send the scan to the tree path.
import type { ArchiveContents } from './archive-reader.js';

const REWRITING = /(?:^|\s)(export-ignore|export-subst|ident|eol=crlf|working-tree-encoding=\S+)(?=\s|$)/m;
const LFS = /(?:^|\s)filter=lfs(?=\s|$)/m;
const LFS_POINTER = Buffer.from('version https://git-lfs.github.com/spec/');
const ATTRIBUTES_READ_CAP = 1024 * 1024;

/**
 * Why the archive differs from the commit, or null when no .gitattributes asks git archive to change it.
 * Git LFS too: a repository may have GitHub put LFS objects in its archives instead of the pointers the
 * commit holds. LFS declared and not one pointer in the archive is taken as that.
 */
export function archiveRewrites(contents: ArchiveContents): string | null {
  let lfsDeclaredIn: string | undefined;
  for (const entry of contents.entries.values()) {
    if (entry.kind !== 'file' || !(entry.path === '.gitattributes' || entry.path.endsWith('/.gitattributes'))) continue;
    if (entry.size > ATTRIBUTES_READ_CAP) return `${entry.path} is larger than ${ATTRIBUTES_READ_CAP} bytes, so what git archive changed cannot be told`;
    const bytes = 'bytes' in entry ? entry.bytes : contents.readSpilled(entry.spillOffset, entry.size);
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    for (const line of text.split('\n')) {
      if (line.trimStart().startsWith('#')) continue;
      const match = REWRITING.exec(line);
      if (match) return `${entry.path} sets ${match[1]}, which GitHub's archive applies (files left out or rewritten)`;
      if (LFS.test(line)) lfsDeclaredIn ??= entry.path;
    }
  }
  if (lfsDeclaredIn && !hasLfsPointer(contents)) return `${lfsDeclaredIn} tracks files with Git LFS and the archive holds no LFS pointer: GitHub may have put the LFS objects in it`;
  return null;
}

function hasLfsPointer(contents: ArchiveContents): boolean {
  for (const entry of contents.entries.values()) {
    if (entry.kind === 'file' && 'bytes' in entry && entry.size >= LFS_POINTER.length && entry.size < 1024 && Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, LFS_POINTER.length).equals(LFS_POINTER)) return true;
  }
  return false;
}
