// CODEOWNERS as GitHub (and GitLab) read it: one rule per line, a gitignore-style pattern followed by owners
// (`@user`, `@org/team`, an e-mail address), `#` comments, the last matching rule winning. GitHub skips
// lines it cannot use (negation `!`, `[ ]` ranges, `\#` escapes, invalid owners) and reports them as errors;
// a rule with no owners deliberately leaves its paths unowned. Pure: text in, rules and problems out.
// Patterns come from the vendor: they are matched by a small segment matcher whose cost is bounded by
// pattern length times path length, never by a regex engine that can backtrack exponentially.

/** Where GitHub looks, in the order it looks (the first one found is the one used), then GitLab's own folder. */
export const CODEOWNERS_LOCATIONS: readonly string[] = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'];

/** GitHub refuses CODEOWNERS files over 3 MB. */
export const CODEOWNERS_MAX_BYTES = 3 * 1024 * 1024;
const MAX_RULES = 5000;

export type OwnerKind = 'user' | 'team' | 'email' | 'role';

export interface CodeownersRule {
  line: number;
  pattern: string;
  /** Owners as written; empty means "matched paths have no owner". */
  owners: string[];
  /** GitLab section the rule belongs to, when the file uses sections. */
  section?: string;
}

export type CodeownersProblemKind = 'negation' | 'character-range' | 'escaped-hash' | 'invalid-owner' | 'invalid-pattern';

export interface CodeownersProblem {
  line: number;
  kind: CodeownersProblemKind;
  message: string;
}

export interface Codeowners {
  rules: CodeownersRule[];
  /** Lines GitHub would skip, with why. */
  problems: CodeownersProblem[];
  /** GitLab `[Section]` headers seen. */
  sections: number;
}

const USER = /^@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const TEAM = /^@[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+$/;
/** GitLab: `@@developer`, `@@maintainer`, `@@owner` roles; and nested groups `@group/sub/team`. */
const GITLAB_ROLE = /^@@(developer|maintainer|owner)s?$/i;
const GITLAB_GROUP = /^@[A-Za-z0-9][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9][A-Za-z0-9_.-]*){1,5}$/;
const SECTION = /^\^?\[([^\]\n]{1,200})\](?:\[\d{1,3}\])?(?:\s+(.*))?$/;

/** What kind of owner a token is, or null when GitHub would reject it. */
export function ownerKind(token: string): OwnerKind | null {
  if (USER.test(token)) return 'user';
  if (TEAM.test(token) || GITLAB_GROUP.test(token)) return 'team';
  if (EMAIL.test(token)) return 'email';
  if (GITLAB_ROLE.test(token)) return 'role';
  return null;
}

export function parseCodeowners(text: string): Codeowners {
  const rules: CodeownersRule[] = [];
  const problems: CodeownersProblem[] = [];
  let sections = 0;
  let section: { name: string; owners: string[] } | null = null;
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let index = 0; index < lines.length && rules.length < MAX_RULES; index++) {
    const line = index + 1;
    const raw = lines[index].replace(/\r$/, '');
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const header = SECTION.exec(stripInlineComment(trimmed));
    if (header) {
      sections++;
      const owners = tokens(header[2] ?? '');
      const bad = owners.filter((owner) => ownerKind(owner) === null);
      if (bad.length) problems.push({ line, kind: 'invalid-owner', message: `section [${header[1]}]: ${describeBadOwners(bad)}` });
      section = { name: header[1], owners: owners.filter((owner) => ownerKind(owner) !== null) };
      continue;
    }
    const [pattern, ...written] = tokens(stripInlineComment(trimmed));
    if (!pattern) continue;
    if (pattern.startsWith('\\#')) {
      problems.push({ line, kind: 'escaped-hash', message: `"${short(pattern)}": escaping a leading # is not supported in CODEOWNERS; the line is ignored` });
      continue;
    }
    if (pattern.startsWith('!')) {
      problems.push({ line, kind: 'negation', message: `"${short(pattern)}": negation (!) is not supported in CODEOWNERS; the line is ignored` });
      continue;
    }
    if (/[[\]]/.test(pattern)) {
      problems.push({ line, kind: 'character-range', message: `"${short(pattern)}": character ranges ([ ]) are not supported in CODEOWNERS; the line is ignored` });
      continue;
    }
    if (pattern.includes('***') || pattern.includes('//')) {
      problems.push({ line, kind: 'invalid-pattern', message: `"${short(pattern)}" is not a valid pattern` });
      continue;
    }
    const bad = written.filter((owner) => ownerKind(owner) === null);
    if (bad.length) {
      problems.push({ line, kind: 'invalid-owner', message: `"${short(pattern)}": ${describeBadOwners(bad)}; GitHub ignores the whole line` });
      continue;
    }
    const owners = written.length === 0 && section ? [...section.owners] : written;
    const rule: CodeownersRule = { line, pattern, owners };
    if (section) rule.section = section.name;
    rules.push(rule);
  }
  return { rules, problems, sections };
}

/** A matcher answering "which rule decides this path?": the last rule whose pattern matches (GitHub's precedence). */
export function codeownersMatcher(rules: readonly CodeownersRule[]): (path: string) => CodeownersRule | null {
  const compiled = rules.map((rule) => ({ rule, test: patternMatcher(rule.pattern) }));
  return (path) => {
    for (let i = compiled.length - 1; i >= 0; i--) if (compiled[i].test(path)) return compiled[i].rule;
    return null;
  };
}

/**
 * gitignore semantics as GitHub documents them for CODEOWNERS: a pattern with a slash at the start or in
 * the middle is anchored at the root, otherwise it matches at any depth; a match on a folder owns everything
 * under it; a trailing `/*` owns only the folder's direct children.
 */
export function patternMatcher(pattern: string): (path: string) => boolean {
  const dirOnly = pattern.endsWith('/');
  let body = pattern.replace(/(?<!\/)\/+$/, '');
  const anchored = body.startsWith('/') || body.replace(/^\/+/, '').includes('/');
  body = body.replace(/^\/+/, '').replace(/\\(.)/g, '$1');
  if (body === '') return () => true; // `/` alone: the whole repository
  const base = anchored ? body : `**/${body}`;
  const globs = dirOnly ? [`${base}/**`] : /(^|\/)\*$/.test(body) && anchored ? [base] : [base, `${base}/**`];
  const compiled = globs.map((glob) => glob.split('/'));
  return (path) => compiled.some((segments) => matchSegments(segments, path.split('/')));
}

const MAX_PATTERN_CHARS = 1000;

/**
 * Glob segments against path segments: `**` is any number of segments (one or more when it ends the
 * pattern, as in `folder/**`), `*` and `?` stay inside a segment. Dynamic programming over segments.
 */
export function matchSegments(pattern: readonly string[], path: readonly string[]): boolean {
  if (pattern.join('/').length > MAX_PATTERN_CHARS) return false;
  let reach = new Uint8Array(path.length + 1);
  reach[0] = 1;
  for (let i = 0; i < pattern.length; i++) {
    const segment = pattern[i];
    const next = new Uint8Array(path.length + 1);
    if (segment === '**') {
      const last = i === pattern.length - 1;
      let seen = 0;
      for (let j = 0; j <= path.length; j++) {
        if (!last) seen |= reach[j];
        next[j] = seen;
        if (last) seen |= reach[j];
      }
    } else {
      for (let j = 0; j < path.length; j++) if (reach[j] && matchSegment(segment, path[j])) next[j + 1] = 1;
    }
    reach = next;
  }
  return reach[path.length] === 1;
}

/** `*` and `?` within one segment, by the greedy wildcard walk with one backtrack point: O(pattern × name). */
function matchSegment(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === name[n])) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = n;
    } else if (star !== -1) {
      p = star + 1;
      n = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Whitespace-separated tokens; `\ ` keeps a space inside a pattern. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && text[i + 1] === ' ') {
      current += '\\ ';
      i++;
    } else if (ch === ' ' || ch === '\t') {
      if (current) out.push(current);
      current = '';
    } else current += ch;
  }
  if (current) out.push(current);
  return out;
}

/** GitHub's documented example has `*.js @js-owner #This is an inline comment.`: a `#` after whitespace starts one. */
function stripInlineComment(line: string): string {
  const at = line.search(/\s#/);
  return at === -1 ? line : line.slice(0, at).trimEnd();
}

function describeBadOwners(bad: string[]): string {
  const shown = bad.slice(0, 3).map((owner) => `"${short(owner)}"`).join(', ');
  return `${shown} ${bad.length === 1 ? 'is not an owner' : 'are not owners'} (owners are @user, @org/team or an e-mail address)`;
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
