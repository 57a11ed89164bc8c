// pip requirements files (requirements*.txt): one requirement or option per logical line. Pure: text in,
// every requirement with how firmly it is pinned out. Grammar from pip's "Requirements File Format" and PEP 508.

export type RequirementKind = 'package' | 'vcs' | 'url' | 'path';

/**
 * How firmly a requirement fixes what gets installed:
 * `exact` (`==1.2.3`, `===x`), `range` (`>=`, `~=`, `==1.*`, ...), `none` (a bare name),
 * `commit` (VCS URL at a full commit hash), `ref` (VCS URL at a branch or tag, or none),
 * `hashed-url` (archive URL with a hash), `url` (archive URL without one), `local` (a path in the repository).
 */
export type PinLevel = 'exact' | 'range' | 'none' | 'commit' | 'ref' | 'hashed-url' | 'url' | 'local';

export interface Requirement {
  /** Line where the logical line starts (continuations joined). */
  line: number;
  /** Normalised project name (PEP 503), or null when only a URL or path is given. */
  name: string | null;
  /** The name as written. */
  displayName: string;
  extras: string[];
  /** Version specifier as written, e.g. `==1.2.3` or `>=1,<2`; empty when none. */
  specifier: string;
  /** Environment marker after `;`, if any. */
  marker: string | null;
  kind: RequirementKind;
  url: string | null;
  editable: boolean;
  /** Number of `--hash=` options on the line. */
  hashes: number;
  pin: PinLevel;
  /** Exact version, full commit or hashed archive: installs the same thing every time. */
  pinned: boolean;
}

export interface RequirementInclude {
  kind: 'requirement' | 'constraint';
  /** Path as written (relative to the including file). */
  path: string;
  line: number;
}

export interface RequirementsFile {
  requirements: Requirement[];
  includes: RequirementInclude[];
  /** Global options other than includes (index URLs, --pre, ...), for evidence. */
  options: Array<{ line: number; option: string }>;
  /** `--require-hashes` is set: pip refuses any requirement without a hash. */
  requireHashes: boolean;
  /** Lines that are neither a requirement nor a known option. */
  problems: Array<{ line: number; message: string }>;
}

const MAX_LOGICAL_LINE = 16 * 1024;
const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]{0,200}[A-Za-z0-9])?)/;
const VCS_PREFIX = /^(git|hg|svn|bzr)\+/i;
const URL_PREFIX = /^(https?|ftp|file):\/\//i;
const FULL_COMMIT = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/i;
const ARCHIVE = /\.(whl|tar\.gz|tgz|tar\.bz2|tar\.xz|zip)$/i;
const URL_HASH = /[#&](sha256|sha384|sha512|md5)=[0-9a-f]{32,128}/i;

/** Options that take a value, with their long and short spellings. */
const VALUE_OPTIONS = new Set([
  '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--trusted-host', '--no-binary', '--only-binary',
  '--use-feature', '--config-settings', '--global-option', '-Z', '--always-unzip',
]);
const FLAG_OPTIONS = new Set(['--no-index', '--pre', '--prefer-binary', '--require-hashes']);

/** PEP 503 normalisation: lowercase, runs of `-`, `_`, `.` become one `-`. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function parseRequirements(text: string): RequirementsFile {
  const result: RequirementsFile = { requirements: [], includes: [], options: [], requireHashes: false, problems: [] };
  for (const { line, content } of logicalLines(text)) {
    const stripped = stripComment(content).trim();
    if (!stripped) continue;
    if (stripped.startsWith('-')) parseOptionLine(stripped, line, result);
    else {
      const requirement = parseRequirementLine(stripped, line, false);
      if (requirement) result.requirements.push(requirement);
      else result.problems.push({ line, message: `not a requirement: ${stripped.slice(0, 80)}` });
    }
  }
  if (result.requireHashes) {
    for (const requirement of result.requirements) {
      if (requirement.hashes === 0 && requirement.kind !== 'path') {
        result.problems.push({ line: requirement.line, message: `--require-hashes is set but ${requirement.displayName} has no --hash` });
      }
    }
  }
  return result;
}

/** Physical lines joined at a trailing backslash, each with the number of its first line. */
function logicalLines(text: string): Array<{ line: number; content: string }> {
  const out: Array<{ line: number; content: string }> = [];
  const physical = text.split(/\r?\n/);
  let pending: string | null = null;
  let start = 0;
  for (let i = 0; i < physical.length; i++) {
    const raw = physical[i];
    if (pending === null) start = i + 1;
    const joined: string = (pending ?? '') + raw;
    if (/\\\s*$/.test(raw) && joined.length < MAX_LOGICAL_LINE) {
      pending = joined.replace(/\\\s*$/, ' ');
      continue;
    }
    out.push({ line: start, content: joined.slice(0, MAX_LOGICAL_LINE) });
    pending = null;
  }
  if (pending !== null) out.push({ line: start, content: pending });
  return out;
}

/** pip drops `#` to end of line when it starts the line or follows whitespace (URL fragments survive). */
function stripComment(line: string): string {
  const match = /(^|\s)#/.exec(line);
  return match ? line.slice(0, match.index) : line;
}

function parseOptionLine(text: string, line: number, result: RequirementsFile): void {
  const { option, value } = splitOption(text);
  switch (option) {
    case '-r':
    case '--requirement':
      if (value) result.includes.push({ kind: 'requirement', path: value, line });
      else result.problems.push({ line, message: `${option} without a file` });
      return;
    case '-c':
    case '--constraint':
      if (value) result.includes.push({ kind: 'constraint', path: value, line });
      else result.problems.push({ line, message: `${option} without a file` });
      return;
    case '-e':
    case '--editable': {
      const requirement = value ? parseRequirementLine(value, line, true) : null;
      if (requirement) result.requirements.push(requirement);
      else result.problems.push({ line, message: `${option} without a path or URL` });
      return;
    }
    default:
      if (option === '--require-hashes') result.requireHashes = true;
      if (VALUE_OPTIONS.has(option) || FLAG_OPTIONS.has(option)) result.options.push({ line, option });
      else result.problems.push({ line, message: `unknown option ${option.slice(0, 40)}` });
  }
}

/** `-r file`, `-rfile`, `--requirement=file`, `--requirement file`. */
function splitOption(text: string): { option: string; value: string } {
  const long = /^(--[a-z-]+)(?:=|\s+)?(.*)$/i.exec(text);
  if (long) return { option: long[1].toLowerCase(), value: long[2].trim() };
  const short = /^(-[a-zA-Z])\s*(.*)$/.exec(text);
  if (short) return { option: short[1], value: short[2].trim() };
  return { option: text.split(/\s/)[0], value: '' };
}

function parseRequirementLine(text: string, line: number, editable: boolean): Requirement | null {
  // Per-requirement options (`--hash=...`, `--config-settings ...`) follow the requirement after whitespace.
  const optionAt = text.search(/\s--?[a-z]/i);
  const body = (optionAt === -1 ? text : text.slice(0, optionAt)).trim();
  const optionText = optionAt === -1 ? '' : text.slice(optionAt);
  const hashes = (optionText.match(/--hash[=\s]+[a-z0-9]+:[0-9a-f]{32,128}/gi) ?? []).length;
  if (!body) return null;

  const base = { line, extras: [] as string[], specifier: '', marker: null as string | null, editable, hashes };
  // A bare VCS or archive URL, or a local path.
  if (VCS_PREFIX.test(body)) return fromUrl(base, body, null);
  if (URL_PREFIX.test(body)) return fromUrl(base, body, null);
  if (looksLikePath(body)) {
    return { ...base, name: null, displayName: body, kind: 'path', url: null, pin: 'local', pinned: true };
  }

  const nameMatch = NAME.exec(body);
  if (!nameMatch) return null;
  const displayName = nameMatch[1];
  let rest = body.slice(displayName.length).trimStart();
  let extras: string[] = [];
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close === -1) return null;
    extras = rest.slice(1, close).split(',').map((extra) => extra.trim()).filter(Boolean);
    rest = rest.slice(close + 1).trimStart();
  }
  // PEP 508 direct reference: `name[extras] @ url ; marker`
  if (rest.startsWith('@')) {
    const after = rest.slice(1).trim();
    const space = after.search(/\s;|;\s|\s/);
    const url = space === -1 ? after : after.slice(0, space);
    const marker = markerOf(space === -1 ? '' : after.slice(space));
    return fromUrl({ ...base, extras, marker }, url, displayName);
  }
  const semicolon = rest.indexOf(';');
  const marker = semicolon === -1 ? null : markerOf(rest.slice(semicolon));
  let specifier = (semicolon === -1 ? rest : rest.slice(0, semicolon)).trim();
  if (specifier.startsWith('(') && specifier.endsWith(')')) specifier = specifier.slice(1, -1).trim(); // legacy `name (>=1.0)`
  if (specifier && !/^(===|==|!=|~=|<=|>=|<|>)/.test(specifier)) return null;
  const pin = pinOfSpecifier(specifier);
  return { ...base, extras, marker, name: normaliseName(displayName), displayName, specifier, kind: 'package', url: null, pin, pinned: pin === 'exact' };
}

function markerOf(text: string): string | null {
  const marker = text.replace(/^\s*;?\s*/, '').trim();
  return marker || null;
}

function fromUrl(
  base: Pick<Requirement, 'line' | 'extras' | 'specifier' | 'marker' | 'editable' | 'hashes'>,
  url: string,
  displayName: string | null,
): Requirement {
  const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(url);
  const name = displayName ?? egg?.[1] ?? null;
  const shown = name ?? url.slice(0, 120);
  if (VCS_PREFIX.test(url)) {
    // git+https://host/org/repo.git@<ref>#egg=name : the ref follows the last `@` after the host part.
    const withoutFragment = url.split('#')[0];
    const pathPart = withoutFragment.replace(/^[a-z+]+:\/\/[^/]*/i, '');
    const at = pathPart.lastIndexOf('@');
    const ref = at === -1 ? '' : pathPart.slice(at + 1);
    const pin: PinLevel = FULL_COMMIT.test(ref) ? 'commit' : 'ref';
    return { ...base, name: name ? normaliseName(name) : null, displayName: shown, kind: 'vcs', url, pin, pinned: pin === 'commit' };
  }
  if (/^file:/i.test(url) && !ARCHIVE.test(url.split('#')[0])) {
    return { ...base, name: name ? normaliseName(name) : null, displayName: shown, kind: 'path', url, pin: 'local', pinned: true };
  }
  const hashed = URL_HASH.test(url) || base.hashes > 0;
  const pin: PinLevel = hashed ? 'hashed-url' : 'url';
  return { ...base, name: name ? normaliseName(name) : null, displayName: shown, kind: 'url', url, pin, pinned: hashed };
}

function looksLikePath(text: string): boolean {
  return /^(\.{1,2}[\\/]|\.$|\/|~\/|[A-Za-z]:\\)/.test(text) || (ARCHIVE.test(text) && !/\s/.test(text));
}

/** `==1.2.3` (alone or with other clauses) and `===x` fix the version; a wildcard or any range does not. */
export function pinOfSpecifier(specifier: string): PinLevel {
  const clauses = specifier.split(',').map((clause) => clause.trim()).filter(Boolean);
  if (clauses.length === 0) return 'none';
  for (const clause of clauses) {
    if (clause.startsWith('===') && clause.length > 3) return 'exact';
    const exact = /^==\s*([^\s*]+)$/.exec(clause);
    if (exact) return 'exact';
  }
  return 'range';
}
