// `git archive` (and so GitHub's archive) applies some .gitattributes on the way out: export-ignore leaves
// files out, export-subst and ident rewrite their text, eol / working-tree-encoding convert it. A scan of
// such an archive would not be a scan of the commit, so these attributes send the scan to the tree path.
import type { ArchiveContents } from './archive-reader.js';

const REWRITING = /(?:^|\s)(export-ignore|export-subst|ident|eol=crlf|working-tree-encoding=\S+)(?=\s|$)/m;
const ATTRIBUTES_READ_CAP = 1024 * 1024;

/** Why the archive differs from the commit, or null when no .gitattributes asks git archive to change it. */
export function archiveRewrites(contents: ArchiveContents): string | null {
  for (const entry of contents.entries.values()) {
    if (entry.kind !== 'file' || !(entry.path === '.gitattributes' || entry.path.endsWith('/.gitattributes'))) continue;
    if (entry.size > ATTRIBUTES_READ_CAP) return `${entry.path} is larger than ${ATTRIBUTES_READ_CAP} bytes, so what git archive changed cannot be told`;
    const bytes = 'bytes' in entry ? entry.bytes : contents.readSpilled(entry.spillOffset, entry.size);
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    for (const line of text.split('\n')) {
      if (line.trimStart().startsWith('#')) continue;
      const match = REWRITING.exec(line);
      if (match) return `${entry.path} sets ${match[1]}, which GitHub's archive applies (files left out or rewritten)`;
    }
  }
  return null;
}
