// dotenv files and .gitignore coverage: does the repository commit values in `.env`, does it ignore
// `.env`, and does an example file list the variable names a newcomer must set? Pure: text in, facts out.
import picomatch from 'picomatch';

export interface EnvEntry {
  key: string;
  line: number;
  /** A non-empty value after removing quotes and a trailing comment. */
  hasValue: boolean;
}

/** `env`: a file that holds real settings. `example`: a template that should list names only. */
export type EnvFileRole = 'env' | 'example';

const EXAMPLE_SUFFIX = /(^|[.\-_])(example|sample|template|tmpl|tpl|dist|defaults?|schema)$/i;

export function envFileRole(path: string): EnvFileRole | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const isEnv = base === '.env' || /^\.env[.\-_][\w.-]+$/.test(base) || /^[\w.-]+\.env$/.test(base);
  if (!isEnv) return null;
  const stem = base.replace(/^\.env[.\-_]?/, '').replace(/\.env$/, '');
  return EXAMPLE_SUFFIX.test(stem) || /^(example|sample|template)$/i.test(stem) ? 'example' : 'env';
}

export function parseEnvFile(text: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && i < 20_000; i++) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]{0,200})\s*=\s*(.*)$/.exec(lines[i].replace(/\r$/, ''));
    if (!match) continue;
    entries.push({ key: match[1], line: i + 1, hasValue: valueOf(match[2]) !== '' });
  }
  return entries;
}

function valueOf(raw: string): string {
  const text = raw.trim();
  const quoted = /^(['"`])(.*?)\1/.exec(text);
  if (quoted) return quoted[2].trim();
  return text.replace(/(?<!\s)\s+#.*$/, '').replace(/^#.*$/, '').trim();
}

/**
 * Whether `.gitignore` text ignores a file at the repository root with this name (`.env`). Follows
 * gitignore's rules as far as they matter here: comments, negation (last match wins), directory-only
 * patterns (`dir/`) never match a file, a leading `/` anchors, a pattern without `/` matches any depth.
 */
export function gitignoreCovers(text: string, fileName: string): { covered: boolean; line: number | null } {
  let covered = false;
  let line: number | null = null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && i < 20_000; i++) {
    let pattern = lines[i].replace(/\r$/, '').replace(/(?<![\\\s])\s+$|(?<=\\\s)\s+$/, '');
    if (!pattern || pattern.startsWith('#')) continue;
    const negated = pattern.startsWith('!');
    if (negated) pattern = pattern.slice(1);
    if (pattern.endsWith('/')) continue;
    pattern = pattern.replace(/^\//, '');
    if (!pattern) continue;
    let matches = false;
    try {
      matches = picomatch(pattern, { dot: true })(fileName) || picomatch(pattern, { dot: true, basename: !pattern.includes('/') })(fileName);
    } catch {
      matches = false;
    }
    if (matches) {
      covered = !negated;
      line = i + 1;
    }
  }
  return { covered, line: covered ? line : null };
}
