// What documentation points at inside the repository: commands in shell blocks and inline code (scripts,
// `python -m` modules, Make targets, DVC stages) and bare paths in inline code (`src/x.py`, `monitoring/`).
// Pure: a parsed Markdown document in, references with lines out.
import type { MarkdownDocument } from '../formats/markdown.js';
import { commandLines, looksRepoRelative, normaliseRepoPath, referencesInCommandLine, type ShellReference } from '../formats/shell-references.js';

export interface DocReference extends ShellReference {
  line: number;
  /** A bare path in inline code rather than a command. */
  bare?: boolean;
  /**
   * Named after the document cloned a repository and changed into it (`git clone …/mlops.git`, `cd mlops`): the
   * path may be that repository's, so it is only credited when found here, never reported as missing.
   */
  afterClone?: boolean;
}

const SHELL_LANGS = /^(bash|sh|shell|console|zsh|shell-session|terminal|)$/i;
const INLINE_COMMAND = /^(python(\d(\.\d+)?)?|py|make|gmake|dvc|bash|sh|source|uv run|poetry run|pipenv run|pdm run|hatch run|conda run|\.\.?\/)(\s|\/|$)/;
const PATH_EXTENSIONS = /\.(py|sh|bash|ipynb|r|sql|ya?ml|json|toml|cfg|ini|conf|md|markdown|rst|txt|csv|parquet|dvc|lock|tf|j2)$/i;
const MAX_REFERENCES = 500;
/** A YAML/config line (`artifact_location: ./x`) or a sentence of printed output (`The certificate is at ./x`). */
const NOT_A_COMMAND = /^(?:[A-Za-z_][\w.-]{0,60}:(?:\s|$)|(?:The|This|That|It|You|We|Your|Note|Then|Now|If|When|An?)\s)/;

export function docReferences(document: Pick<MarkdownDocument, 'code'>): DocReference[] {
  const out: DocReference[] = [];
  const cloned = new Set<string>();
  let inClone = false;
  for (const code of document.code) {
    if (out.length >= MAX_REFERENCES) break;
    if (code.kind === 'block') {
      if (!SHELL_LANGS.test(code.lang ?? '')) continue;
      // The fence is on `code.line`; the first content line follows it.
      const fetched = downloadedNames(code.value);
      for (const command of commandLines(code.value)) {
        for (const name of clonedFolders(command.text)) cloned.add(name);
        const into = /^cd\s+["']?([^\s"';&|]+)/.exec(command.text.trim());
        if (into) inClone = cloned.has(into[1].replace(/(?<!\/)\/+$/, ''));
        // An unlabelled block also holds YAML snippets and printed output: `key: ./path` and prose are not commands.
        if (NOT_A_COMMAND.test(command.text)) continue;
        // `project/` alone on a line is a folder listing's root (a tree drawing or `ls` output), not a command.
        if (/^[\w.-]+\/$/.test(command.text)) continue;
        for (const reference of referencesInCommandLine(command.text)) {
          if (reference.kind === 'path' && reference.target && !pathShaped(reference.target)) continue;
          // `wget …/Anaconda3-2022.05-Linux-x86_64.sh` then `bash Anaconda3-…sh`: the block fetches the file itself.
          if (reference.kind === 'path' && reference.target && fetched.has(reference.target.slice(reference.target.lastIndexOf('/') + 1))) continue;
          out.push({ ...reference, line: code.line + 1 + command.offset, ...(inClone ? { afterClone: true } : {}) });
        }
      }
      continue;
    }
    const span = code.value.trim();
    if (INLINE_COMMAND.test(span)) {
      for (const reference of referencesInCommandLine(span)) out.push({ ...reference, line: code.line });
      continue;
    }
    const bare = barePath(span);
    if (bare) out.push({ kind: 'path', target: bare, command: span, line: code.line, bare: true });
  }
  return out.slice(0, MAX_REFERENCES);
}

/** The folders `git clone URL [DIR]` creates: DIR, or the URL's last segment without `.git`. */
function clonedFolders(command: string): string[] {
  const clone = /^git\s+clone\s+(.*)$/.exec(command.trim());
  if (!clone) return [];
  const words = clone[1].split(/\s+/).filter((word) => word && !word.startsWith('-'));
  const url = words[0];
  if (!url) return [];
  const named = url.replace(/(?<!\/)\/+$/, '').replace(/\.git$/, '');
  return [words[1] ?? named.slice(named.lastIndexOf('/') + 1)].filter((name) => name && name !== '.');
}

/** `genres[driving/racing,` from printed output: a bracket left open or a trailing comma is not a path. */
function pathShaped(target: string): boolean {
  if (/[,;]$/.test(target)) return false;
  return (target.match(/\[/g)?.length ?? 0) === (target.match(/\]/g)?.length ?? 0);
}

/** File names at the end of the URLs a snippet mentions (what `wget`/`curl -O` would save). */
function downloadedNames(snippet: string): Set<string> {
  const names = new Set<string>();
  for (const url of snippet.slice(0, 64 * 1024).matchAll(/https?:\/\/[^\s'"<>()]{1,500}/g)) {
    const path = url[0].split(/[?#]/)[0];
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (name) names.add(name);
  }
  return names;
}

/** `src/kestrel_churn/train.py`, `docs/adr/`, `./scripts/x.sh`: repo-relative, with a folder or a known extension. */
function barePath(span: string): string | null {
  if (!looksRepoRelative(span) || !span.includes('/')) return null;
  if (!span.endsWith('/') && !PATH_EXTENSIONS.test(span) && !span.startsWith('./')) return null;
  if (/^[a-z0-9.-]+\.(com|org|net|io|dev|example)\//i.test(span)) return null; // a host name, not a folder
  return normaliseRepoPath(span);
}
