// dotenv files and .gitignore coverage: does the repository commit values in `.env`, does it ignore
// `.env`, and does an example file list the variable names a newcomer must set? Pure: text in, facts out.
import picomatch from 'picomatch';
import { isPlaceholderValue } from './rules.js';

export interface EnvEntry {
  key: string;
  line: number;
  /** A non-empty value after removing quotes and a trailing comment. */
  hasValue: boolean;
  /** That value (never reported: it may be a credential). */
  value: string;
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

/**
 * An env file that configures tests or CI rather than a running system: under a test folder, or named for
 * a test/CI run (`.env.test`, `.env.integration`, `ci.env`). Its values are fixtures for a throwaway stack.
 */
export function isTestEnvFile(path: string): boolean {
  if (/(^|\/)(tests?|__tests__|spec|specs|fixtures|testdata|test_data|e2e|integration[_-]tests?)\//i.test(path)) return true;
  const base = path.slice(path.lastIndexOf('/') + 1);
  const stem = base.replace(/^\.env[.\-_]?/, '').replace(/\.env$/, '');
  return /(^|[.\-_])(test|tests|testing|integration|e2e|ci|spec|mock|fixtures?)$/i.test(stem);
}

/** Keys that name a credential: the last word of the name says so (`LLM_MAX_TOKENS` is a count, not a token). */
const CREDENTIAL_KEY = /(^|[_.-])(password|passwd|pwd|pass|secret|token|api_?key|apikey|access_?key|secret_?key|private_?key|client_?secret|auth_?token|credentials?|access_?key_?id)$/i;
/** Keys whose value is an address: a credential only when it carries a password (`scheme://user:pass@host`). */
const ADDRESS_KEY = /(^|[_.-])(url|uri|dsn|connection_?string|conn_?str|database_url)$/i;
/**
 * Stand-ins local stacks and test harnesses ship with (MinIO's and Postgres's defaults, `insecure`, `changeme`,
 * `fake_key`). Matched after undoing digit-for-letter spelling, so `1n53cur3K3y` and `f4k3_k3y` count too.
 */
const FIXTURE_VALUE =
  /^(minio(admin)?|minio123|admin\d*|root\d*|postgres|guest|password\d*|(super|my)?secret(password)?\d*|mysecretpassword|pass\d*|test|local|dev|development|default)$|insecure|changeme|change_me|dummy|fake|example|not[_-]?a[_-]?(real|secret)|localhost|127\.0\.0\.1|placeholder|sample|mock|x{4,}|X{4,}|\*{3,}|\.{3,}|…|^(dev|development|local|test|testing)[_-]|[_-](dev|local|test)$/i;
const LOCAL_HOST = /^(localhost|127\.0\.0\.1|0\.0\.0\.0|host\.docker\.internal|example\.(com|org|net))$/i;
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't' };

/** True when the value is a stand-in rather than a credential: empty, a template, a number or a local default. */
export function isFixtureValue(value: string): boolean {
  const text = value.trim();
  if (text === '' || isPlaceholderValue(text) || /^[\d.]+$/.test(text) || /^(true|false|yes|no|on|off)$/i.test(text)) return true;
  return FIXTURE_VALUE.test(text) || FIXTURE_VALUE.test(text.replace(/[013457]/g, (digit) => LEET[digit] ?? digit));
}

/**
 * Whether an env entry holds what looks like a credential: a credential-named key with a value that is not a
 * stand-in, or an address with a real password in it. Names alone (`APP_NAME`, `EC2_INSTANCE_TYPE`) never do.
 */
export function holdsCredential(entry: EnvEntry): boolean {
  if (!entry.hasValue) return false;
  if (ADDRESS_KEY.test(entry.key) || /^[a-z][a-z0-9+.-]{1,30}:\/\//i.test(entry.value)) {
    const userinfo = /^[a-z][a-z0-9+.-]{1,30}:\/\/[^:@/\s]{0,100}:([^@/\s]{1,200})@([^:/?#\s]{0,253})/i.exec(entry.value);
    // A database on the developer's own machine is a local stack's, not a credential to rotate.
    return userinfo !== null && !isFixtureValue(userinfo[1]) && !LOCAL_HOST.test(userinfo[2]) && userinfo[1].length >= 4;
  }
  return CREDENTIAL_KEY.test(entry.key) && !isFixtureValue(entry.value);
}

export function parseEnvFile(text: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && i < 20_000; i++) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]{0,200})\s*=\s*(.*)$/.exec(lines[i].replace(/\r$/, ''));
    if (!match) continue;
    const value = valueOf(match[2]);
    entries.push({ key: match[1], line: i + 1, hasValue: value !== '', value });
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
