// Masks every credential in a piece of text that is not a file line: report strings (messages, excerpts,
// paths, branch names), error messages, anything about to be printed. The secret rules decide what a
// credential is; a few shapes that only matter once text leaves its file are added here (a token after
// `--token`, an `Authorization` header, a URL's user info or `?token=` parameter, a vendor token a check cut
// short or glued to a word, a secret-named assignment without its closing quote), and a PEM block is masked
// across lines. Every pattern is linear: bounded repetitions, no nested unbounded quantifiers.
import { maskRanges } from './mask.js';
import { GENERIC_SECRET_RULE, isPlaceholderValue, SECRET_RULES, shannonEntropy } from './rules.js';
import { PEM_BEGIN, PEM_END, secretRangesInLine } from './scanner.js';

interface Range {
  start: number;
  end: number;
  reveal: number;
}

/**
 * Longer text is cut here (with a note) before it is scanned: nothing unscanned is ever kept. Report strings
 * are short (checks quote a heading or a command); 16 KiB bounds the worst string at tens of milliseconds.
 */
export const MAX_MASKED_TEXT = 16 * 1024;
/**
 * Report text has no file, so no file type to go by: it is judged as a config file would be, where a bare
 * value after a secret-named key (`api_key=…`) is a literal.
 */
const TEXT_AS_CONFIG = 'report-text.env';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** One test of the lower-cased text rejects text without any rule's hint nor one of the shapes below. */
const ANY_HINT = new RegExp(
  [...new Set([...SECRET_RULES.flatMap((rule) => rule.hints), ...GENERIC_SECRET_RULE.hints, 'bearer', 'auth', 'private key', '://'])].map(escapeRegExp).join('|'),
);

/**
 * `--token X`, `--hf-token=X`, `--password 'X'`: a command line in a CI step, a script, a README. Starts with
 * its literal dash so the engine skips ahead to dashes; the character before it is checked in code.
 */
const CLI_SECRET = /--?(?:[a-z0-9]{1,20}[-_])?(?:token|password|passwd|pwd|secret|api[-_]?key|access[-_]?key|private[-_]?key|auth|credentials?)(?:=|\s{1,5})['"]?([^\s'"`<>()[\]{},;|]{4,500})/gi;
/** `Authorization: Bearer X`, `Authorization: token X`, and a bare `Bearer X`. */
const AUTH_HEADER = /\b(?:proxy-)?authorization['"]?\s{0,5}[:=]\s{0,5}['"]?(?:(?:bearer|basic|token|bot)\s{1,5})?([A-Za-z0-9._~+/-]{8,1000}={0,2})|\bbearer\s{1,5}([A-Za-z0-9._~+/-]{8,1000}={0,2})/gi;
/** `scheme://user:password@host` and `scheme://token@host`; also cut short before the `@` (at the end). */
const URL_USER_INFO = /\b[a-z][a-z0-9+.-]{1,20}:\/\/([^\s:@/?#'"`<>]{1,200})(?::([^\s@/?#'"`<>]{0,300}))?(@|$)/gi;
/** `?token=X`, `&sig=X`: a credential passed as a URL parameter. */
const URL_PARAMETER = /[?&;]([A-Za-z0-9_.-]{1,40})=([^&#\s'"`<>()]{4,1000})/g;
/**
 * A vendor prefix and the start of a token, anywhere: a token a check cut short (`heading.slice(0, 60)`)
 * or glued to a word (`v2-sk-proj-…`) no longer matches its rule, and its first characters still leak.
 */
const VENDOR_TOKEN_START = new RegExp(
  '(?<![A-Za-z0-9])(?:' +
    [
      'gh[pousr]_[A-Za-z0-9]',
      'github_pat_[A-Za-z0-9_]',
      '(?:hf|api_org)_[A-Za-z]',
      'sk-(?:proj|svcacct|admin|ant)-[A-Za-z0-9_-]',
      'sk-[A-Za-z0-9]',
      'xox[abposre]-[A-Za-z0-9-]',
      '(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]',
      'AIza[A-Za-z0-9_-]',
      'dapi[0-9a-f]',
      'npm_[A-Za-z0-9]',
      'wandb_v1_[A-Za-z0-9_]',
    ]
      .map((start) => `${start}{8,300}`)
      .join('|') +
    ')',
  'g',
);
/**
 * `password: "…`, `aws_secret_access_key=…` whose value was cut (no closing quote) or is unquoted. Found from
 * the secret word on; the whole key name is read backwards from there in code.
 */
const ASSIGNED_SECRET = /(?:pass(?:word|wd)?|pwd|secret|token|key|credentials?)['"]?\s{0,5}[:=]\s{0,5}['"]?([A-Za-z0-9/+=_.~-]{8,300})/gi;
/** Lower-case starts of VENDOR_TOKEN_START: a line with none of them skips that pattern. */
const VENDOR_HINTS = ['gh', 'github_pat_', 'hf_', 'api_org_', 'sk-', 'xox', 'akia', 'asia', 'abia', 'acca', 'aiza', 'dapi', 'npm_', 'wandb_v1_'];
const KEY_CHARACTER = /[A-Za-z0-9_.-]/;
const SECRET_NAME = /(^|[_.-])(password|passwd|pwd|pass|secret|token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?token|credentials?)$/i;
const SECRET_PARAMETER = /(^|[_.-])(access_?token|token|api_?key|apikey|key|password|passwd|pwd|pass|secret|sig|signature|auth|credentials?|client_secret|code)$/i;

/** The text with every credential the rules (and the shapes above) recognise replaced by its mask. */
export function maskCredentialsIn(text: string): string {
  const capped = text.length > MAX_MASKED_TEXT ? `${text.slice(0, MAX_MASKED_TEXT)}…(${text.length - MAX_MASKED_TEXT} more chars not shown)` : text;
  if (capped.length < 8 || !ANY_HINT.test(capped.toLowerCase())) return capped;
  const ranges: Range[] = [...pemBlocks(capped)];
  const lines = capped.split('\n');
  let offset = 0;
  for (const line of lines) {
    if (line.length >= 8 && (lines.length === 1 || ANY_HINT.test(line.toLowerCase()))) {
      for (const range of [...secretRangesInLine(line, TEXT_AS_CONFIG), ...extraShapes(line)]) ranges.push({ start: range.start + offset, end: range.end + offset, reveal: range.reveal });
    }
    offset += line.length + 1;
  }
  return ranges.length ? maskRanges(capped, ranges) : capped;
}

/** The body of each private key block, from its header to its footer (or to the end of the text). */
function pemBlocks(text: string): Range[] {
  const ranges: Range[] = [];
  if (!text.includes('PRIVATE KEY')) return ranges;
  let from = 0;
  while (from < text.length) {
    const rest = text.slice(from);
    const begin = PEM_BEGIN.exec(rest);
    if (!begin) break;
    const start = from + begin.index + begin[0].length;
    const end = PEM_END.exec(text.slice(start));
    const stop = end ? start + end.index : text.length;
    if (stop > start) ranges.push({ start, end: stop, reveal: 0 });
    from = end ? stop + end[0].length : text.length;
  }
  return ranges;
}

/** Each shape runs only when the line holds its literal part (most lines with a hint hold none). */
function extraShapes(line: string): Range[] {
  const ranges: Range[] = [];
  const lower = line.toLowerCase();
  const add = (value: string | undefined, start: number) => {
    if (value) ranges.push({ start, end: start + value.length, reveal: 0 });
  };
  if (line.includes('-')) {
    for (const found of line.matchAll(CLI_SECRET)) {
      const value = found[1];
      const before = found.index > 0 ? line[found.index - 1] : ' ';
      if (!/[\w-]/.test(before) && credentialLike(value, 6)) add(value, found.index + found[0].length - value.length);
    }
  }
  if (lower.includes('bearer') || lower.includes('authorization')) {
    for (const found of line.matchAll(AUTH_HEADER)) {
      const value = found[1] ?? found[2];
      if (credentialLike(value, 8)) add(value, found.index + found[0].length - value.length);
    }
  }
  if (line.includes('://')) {
    for (const found of line.matchAll(URL_USER_INFO)) {
      const [whole, user, password, at] = found;
      const userStart = found.index + whole.indexOf('://') + 3;
      // Cut short (no `@`): only a random-looking password counts, so `https://host:8080` stays.
      const passwordCounts = at === '@' ? password !== undefined && password.length >= 3 && !isPlaceholderValue(decoded(password)) : password !== undefined && credentialLike(password, 8);
      if (passwordCounts) add(password, userStart + user.length + 1);
      // A user name alone is a credential when it looks like a token (`https://<token>@github.com`).
      if (at === '@' && credentialLike(user, 16) && /\d/.test(user) && /[A-Za-z]/.test(user)) add(user, userStart);
    }
  }
  if (VENDOR_HINTS.some((hint) => lower.includes(hint))) {
    for (const found of line.matchAll(VENDOR_TOKEN_START)) {
      if (randomLooking(found[0])) ranges.push({ start: found.index, end: found.index + found[0].length, reveal: 3 });
    }
  }
  if (line.includes('=') || line.includes(':')) {
    for (const found of line.matchAll(ASSIGNED_SECRET)) {
      const value = found[1];
      let keyStart = found.index;
      while (keyStart > 0 && found.index - keyStart < 60 && KEY_CHARACTER.test(line[keyStart - 1])) keyStart--;
      const key = line.slice(keyStart, found.index) + /^[A-Za-z]+/.exec(found[0])![0];
      if (SECRET_NAME.test(key) && credentialLike(value, 8) && !/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(value)) add(value, found.index + found[0].length - value.length);
    }
  }
  if (line.includes('=')) {
    for (const found of line.matchAll(URL_PARAMETER)) {
      const [whole, name, value] = found;
      if (SECRET_PARAMETER.test(name) && value.length >= 6 && !isPlaceholderValue(decoded(value))) add(value, found.index + whole.length - value.length);
    }
  }
  return ranges;
}

/** Long enough, not a stand-in, and random-looking: letters and digits, or long with high entropy. */
function credentialLike(value: string, minLength: number): boolean {
  if (value.length < minLength || isPlaceholderValue(value)) return false;
  const mixed = /[A-Za-z]/.test(value) && /\d/.test(value);
  return mixed || (value.length >= 16 && shannonEntropy(value) >= 3.5);
}

/** At least two of upper case, lower case and digits after the prefix: `hf_datasets` is a word, not a token. */
function randomLooking(token: string): boolean {
  const body = token.replace(/^[a-z_]{2,11}[_-]|^[A-Z]{4}/, '');
  return Number(/[A-Z]/.test(body)) + Number(/[a-z]/.test(body)) + Number(/\d/.test(body)) >= 2;
}

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
