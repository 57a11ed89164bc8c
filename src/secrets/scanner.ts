// Runs the rule table over text, line by line, so the same code judges a file in the working tree and the
// lines a commit added. PEM private keys span lines: a small state machine measures the block so the
// mask can give its length. Matches carry position and a masked form only; the value never leaves here
// except as a one-way fingerprint used to tell "still in the tree" from "only in history".
import { createHash } from 'node:crypto';
import { maskRanges, maskSecret } from './mask.js';
import { GENERIC_SECRET_RULE, SECRET_RULES, type SecretConfidence, type SecretRule } from './rules.js';

export interface SecretMatch {
  ruleId: string;
  title: string;
  confidence: SecretConfidence;
  line: number;
  /** 1-based column where the secret starts. */
  column: number;
  length: number;
  /** E.g. `AKIA…(20 chars)`: safe to print. */
  masked: string;
  /** SHA-256 of the value, truncated: for de-duplication inside one scan only, never reported. */
  fingerprint: string;
}

/** Lines longer than this are scanned only up to it (minified bundles, data blobs). */
export const MAX_SCANNED_LINE = 64 * 1024;
export const PEM_BEGIN = /-----BEGIN ((?:[A-Z0-9]{1,20} ){0,3})PRIVATE KEY(?: BLOCK)?-----/;
export const PEM_END = /-----END [A-Z0-9 ]{0,80}-----/;
/** Fewer body characters than this is a placeholder (`-----BEGIN PRIVATE KEY-----\n...\n-----END …`). */
const MIN_PEM_BODY = 64;
const MAX_PEM_LINES = 400;

interface PendingKey {
  line: number;
  column: number;
  ruleId: string;
  title: string;
  body: string;
  lines: number;
}

/** Feed lines of one file in order; collect matches from `push` and finally from `end`. */
export class SecretLineScanner {
  private readonly path: string;
  private pending: PendingKey | null = null;

  constructor(path: string) {
    this.path = path;
  }

  push(rawLine: string, lineNumber: number): SecretMatch[] {
    const line = rawLine.length > MAX_SCANNED_LINE ? rawLine.slice(0, MAX_SCANNED_LINE) : rawLine;
    const matches: SecretMatch[] = [];
    if (this.pending) {
      const end = PEM_END.exec(line);
      if (end) {
        this.pending.body += line.slice(0, end.index).trim();
        this.flush(matches);
      } else {
        this.pending.body += line.trim();
        if (++this.pending.lines > MAX_PEM_LINES) this.flush(matches);
      }
      return matches;
    }
    // Most lines hold no hint at all: rejected without lower-casing them (for ASCII, `i` folds as
    // toLowerCase does; other lines take the full path).
    if (line.length < 8 || (!ANY_HINT_FOLDED.test(line) && !NON_ASCII.test(line) && !line.includes('PRIVATE KEY'))) return matches;
    matches.push(...this.privateKeyOnLine(line, lineNumber));
    if (!this.pending) matches.push(...scanLine(line, lineNumber, this.path).matches);
    return matches;
  }

  end(): SecretMatch[] {
    const matches: SecretMatch[] = [];
    if (this.pending) this.flush(matches);
    return matches;
  }

  private privateKeyOnLine(line: string, lineNumber: number): SecretMatch[] {
    if (!line.includes('PRIVATE KEY')) return [];
    const begin = PEM_BEGIN.exec(line);
    if (!begin) return [];
    // A service-account JSON holds the whole key on one line as "private_key": "-----BEGIN…\n…".
    const gcp = /"private_key"\s*:/.test(line);
    const ruleId = gcp ? 'gcp-service-account-key' : 'private-key';
    const title = gcp ? 'Google Cloud service account private key' : `${begin[1].trim() ? begin[1].trim() + ' ' : ''}private key`;
    const after = line.slice(begin.index + begin[0].length);
    const end = PEM_END.exec(after);
    if (end) {
      const body = after.slice(0, end.index).replace(/\\n|\s/g, '');
      if (body.length < MIN_PEM_BODY) return [];
      return [match(ruleId, title, 'high', lineNumber, begin.index, body, 0)];
    }
    this.pending = { line: lineNumber, column: begin.index, ruleId, title, body: after.trim(), lines: 0 };
    return [];
  }

  private flush(into: SecretMatch[]): void {
    const pending = this.pending!;
    this.pending = null;
    const body = pending.body.replace(/\\n|\s/g, '');
    if (body.length >= MIN_PEM_BODY) into.push(match(pending.ruleId, pending.title, 'high', pending.line, pending.column, body, 0));
  }
}

/** Every secret in a text (a whole file). */
export function findSecrets(text: string, path: string): SecretMatch[] {
  const scanner = new SecretLineScanner(path);
  const matches: SecretMatch[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) matches.push(...scanner.push(lines[i].replace(/\r$/, ''), i + 1));
  matches.push(...scanner.end());
  return matches;
}

/**
 * The text with every single-line secret replaced by its mask: for excerpts other checks and reporters
 * want to show. PEM blocks are masked from their header line on.
 */
export function redactSecrets(text: string, path = ''): string {
  return text
    .split('\n')
    .map((line) => {
      const { ranges } = scanLine(line.length > MAX_SCANNED_LINE ? line.slice(0, MAX_SCANNED_LINE) : line, 1, path);
      const pem = PEM_BEGIN.exec(line);
      if (pem) ranges.push({ start: pem.index + pem[0].length, end: line.length, reveal: 0 });
      return ranges.length ? maskRanges(line, ranges) : line;
    })
    .join('\n');
}

interface Range {
  start: number;
  end: number;
  reveal: number;
}

/**
 * Where the rules see a single-line credential in `line` (PEM blocks are the caller's), as ranges for
 * maskRanges: for text that is not a file line, such as report strings. Lines are cut at MAX_SCANNED_LINE.
 */
export function secretRangesInLine(line: string, path: string): Range[] {
  return scanLine(line.length > MAX_SCANNED_LINE ? line.slice(0, MAX_SCANNED_LINE) : line, 1, path).ranges;
}

/** Every rule's hints in one pattern: most lines hold none, and one test rejects them (not one per hint). */
const ANY_HINT = new RegExp([...new Set([...SECRET_RULES.flatMap((rule) => rule.hints), ...GENERIC_SECRET_RULE.hints])].map((hint) => hint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
/** The same hints case-insensitively, to reject a line before lower-casing it. */
const ANY_HINT_FOLDED = new RegExp(ANY_HINT.source, 'i');
const NON_ASCII = /[^\x00-\x7f]/;

function scanLine(line: string, lineNumber: number, path: string): { matches: SecretMatch[]; ranges: Range[] } {
  const matches: SecretMatch[] = [];
  const ranges: Range[] = [];
  if (line.length < 8) return { matches, ranges };
  const lower = line.toLowerCase();
  if (!ANY_HINT.test(lower)) return { matches, ranges };
  for (const rule of SECRET_RULES) {
    if (!rule.hints.some((hint) => lower.includes(hint))) continue;
    if (rule.appliesTo && !rule.appliesTo(path)) continue;
    for (const found of line.matchAll(rule.pattern)) runRule(rule, found, line, lineNumber, path, matches, ranges);
  }
  if (GENERIC_SECRET_RULE.hints.some((hint) => lower.includes(hint))) genericMatches(line, lineNumber, path, matches, ranges);
  return { matches, ranges };
}

function runRule(rule: SecretRule, found: RegExpMatchArray, line: string, lineNumber: number, path: string, matches: SecretMatch[], ranges: Range[]): void {
  const group = rule.group ?? 0;
  const value = found[group];
  if (!value) return;
  const start = (found.index ?? 0) + (group === 0 ? 0 : found[0].indexOf(value));
  if (rule.accept && !rule.accept(value, { path, line })) return;
  if (ranges.some((range) => start < range.end && start + value.length > range.start)) return; // one report per span
  ranges.push({ start, end: start + value.length, reveal: rule.reveal });
  // Masked all the same (masking more is harmless), but not reported: a whole-token pattern met inside a
  // longer base64 or hex run (a data: URI in notebook output) is a coincidence of the encoding, not a key.
  if (group === 0 && insideEncodedRun(line, start, start + value.length)) return;
  matches.push(match(rule.id, rule.title, rule.confidence, lineNumber, start, value, rule.reveal));
}

/** Base64 characters beyond a separator that make the text around a match an encoded blob, not prose or code. */
const ENCODED_RUN = 16;
const ALPHANUMERIC = /[A-Za-z0-9]/;
const BASE64_CHARACTER = /[A-Za-z0-9+/]/;

/**
 * Token boundaries as gitleaks and trufflehog draw them: a letter or digit touching either end means the match
 * is a slice of a longer token; a `+` or `/` touching it with a long base64 run behind means the same for
 * base64 (a path such as `models/AKIA…` has a short run and still counts).
 */
function insideEncodedRun(line: string, start: number, end: number): boolean {
  const before = line.charAt(start - 1);
  const after = line.charAt(end);
  if (ALPHANUMERIC.test(before) || ALPHANUMERIC.test(after)) return true;
  return encodedRunFrom(line, start - 1, -1) > ENCODED_RUN || encodedRunFrom(line, end, 1) > ENCODED_RUN;
}

/** Length of the run of base64 characters starting at `from` and going in `step`'s direction, counted up to ENCODED_RUN + 1. */
function encodedRunFrom(line: string, from: number, step: 1 | -1): number {
  let length = 0;
  for (let at = from; at >= 0 && at < line.length && length <= ENCODED_RUN && BASE64_CHARACTER.test(line.charAt(at)); at += step) length++;
  return length;
}

function genericMatches(line: string, lineNumber: number, path: string, matches: SecretMatch[], ranges: Range[]): void {
  const pattern = new RegExp(GENERIC_SECRET_RULE.pattern.source, 'g');
  let found: RegExpExecArray | null;
  while ((found = pattern.exec(line)) !== null) {
    const key = found[1];
    const quoted = found[3] !== undefined;
    const value = found[3] ?? found[4] ?? '';
    const start = found.index + found[0].lastIndexOf(value);
    const overlaps = ranges.some((range) => start < range.end && start + value.length > range.start);
    if (!overlaps && GENERIC_SECRET_RULE.accept(value, { path, line }, key, quoted)) {
      ranges.push({ start, end: start + value.length, reveal: 0 });
      matches.push(match(GENERIC_SECRET_RULE.id, GENERIC_SECRET_RULE.title, 'cautious', lineNumber, start, value, 0));
      continue;
    }
    // Not a secret: resume right after the key, so an assignment inside the rejected value is still seen.
    pattern.lastIndex = found.index + Math.max(1, key.length);
  }
}

function match(ruleId: string, title: string, confidence: SecretConfidence, line: number, index: number, value: string, reveal: number): SecretMatch {
  return {
    ruleId,
    title,
    confidence,
    line,
    column: index + 1,
    length: [...value].length,
    masked: maskSecret(value, reveal),
    fingerprint: createHash('sha256').update(value).digest('hex').slice(0, 24),
  };
}
