// Every regular expression in src/ and checks/ may meet vendor text, so each one must take time linear in its
// input (issue #20, class 3). This suite finds them all with the TypeScript compiler API, feeds each one
// pathological strings at 1 KiB and 16 KiB, and fails when the 16x longer input costs far more than 16x the
// time (a quadratic pattern costs ~256x), confirming doubtful growth at 64 and 256 KiB. Patterns built at run
// time cannot be read from the source: each such site is listed in DYNAMIC_SITES, measured as its module builds
// it or with the reason it is safe. Contributor notes: docs/contributing.md, "Regular expressions over vendor text".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { API } from 'typescript/unstable/sync';
import {
  isCallExpression,
  isIdentifier,
  isNewExpression,
  isNoSubstitutionTemplateLiteral,
  isRegularExpressionLiteral,
  isStringLiteral,
  skipTrivia,
} from 'typescript/unstable/ast';

const ROOT = path.resolve(import.meta.dirname, '..');
const LIMITS = {
  SHORT: 1024,
  LONG: 16 * 1024,
  /** Screen: a linear pattern grows ~16x from SHORT to LONG, a quadratic one ~256x. */
  MAX_RATIO: 64,
  /**
   * Below this at LONG timer noise dominates the ratio. A quadratic pattern costs at least this at 16 KiB even
   * when it rescans only once per path segment; most cost seconds.
   */
  MIN_LONG_MS: 10,
  /**
   * Confirmation at 4 x LONG (then 16 x LONG), for a pattern over the screen's floor but under OBVIOUS_MS: a linear
   * scan with a bounded window (`[...]{1,64}@`) costs 2-4x more per character at 16-128 KiB than at 1 KiB (caches;
   * worse on a loaded machine), which the screen cannot tell from quadratic growth. Each 4x step costs a linear
   * pattern ~4x and a quadratic one ~16x.
   */
  OBVIOUS_MS: 300,
  CONFIRM_RATIO: 9,
  /** A pattern that takes this long on one SHORT input is exponential or worse: LONG is not tried. */
  MAX_SHORT_MS: 1_000,
};
type Limits = typeof LIMITS;
/**
 * The measuring worker is killed when it stays silent this long in one step (catastrophic backtracking, or
 * super-linear enough that the answer is clear).
 */
const WATCHDOG_MS = 4_000;

// ---------------------------------------------------------------------------------------------------------------
// Finding the patterns

interface RegexSite {
  file: string;
  line: number;
  source: string;
  flags: string;
}

interface DynamicSite {
  file: string;
  line: number;
  /** The constructor call as written, whitespace collapsed: the key of its DYNAMIC_SITES entry. */
  call: string;
}

function collectSites(): { literals: RegexSite[]; dynamic: DynamicSite[] } {
  const api = new API({ cwd: ROOT });
  try {
    const program = api.updateSnapshot({ openProject: path.join(ROOT, 'tsconfig.json') }).getProjects()[0].program;
    const files = program
      .getSourceFileNames()
      .map((name) => path.relative(ROOT, name).split(path.sep).join('/'))
      .filter((name) => /^(src|checks)\/.*\.ts$/.test(name) && !name.endsWith('.d.ts'));
    const literals: RegexSite[] = [];
    const dynamic: DynamicSite[] = [];
    for (const file of files) {
      const sourceFile = program.getSourceFile(path.join(ROOT, file));
      if (!sourceFile) throw new Error(`no source file for ${file}`);
      const text = sourceFile.text;
      type Visited = Parameters<Parameters<typeof sourceFile.forEachChild>[0]>[0];
      const lineOf = (node: Visited) => sourceFile.getLineAndCharacterOfPosition(skipTrivia(text, node.pos)).line + 1;
      const visit = (node: Visited): void => {
        if (isRegularExpressionLiteral(node)) {
          const slash = node.text.lastIndexOf('/');
          literals.push({ file, line: lineOf(node), source: node.text.slice(1, slash), flags: node.text.slice(slash + 1) });
        } else if ((isNewExpression(node) || isCallExpression(node)) && isIdentifier(node.expression) && node.expression.text === 'RegExp') {
          const [pattern, flags] = node.arguments ?? [];
          const constant = (arg: Visited | undefined) => arg !== undefined && (isStringLiteral(arg) || isNoSubstitutionTemplateLiteral(arg));
          if (constant(pattern) && (flags === undefined || constant(flags))) {
            literals.push({ file, line: lineOf(node), source: (pattern as { text: string }).text, flags: flags ? (flags as { text: string }).text : '' });
          } else {
            dynamic.push({ file, line: lineOf(node), call: text.slice(skipTrivia(text, node.pos), node.end).replace(/\s+/g, ' ') });
          }
        }
        node.forEachChild(visit);
      };
      sourceFile.forEachChild(visit);
    }
    return { literals, dynamic };
  } finally {
    api.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Patterns built at run time

interface DynamicEntry {
  file: string;
  /** Start of the constructor call as written (whitespace collapsed), enough to tell the sites of a file apart. */
  call: string;
  /**
   * 'at load': the module builds it when it loads, so the test loads the module with a recording RegExp and
   * measures what was built like a literal. 'per call': built from run-time values; `reason` says why it is linear.
   */
  built: 'at load' | 'per call';
  reason: string;
}

const ESCAPED = 'an escaped literal (every metacharacter escaped): no quantifier, no alternation to backtrack into';

const DYNAMIC_SITES: DynamicEntry[] = [
  { file: 'src/snapshot/snapshot.ts', call: 'new RegExp(literal.replace(', built: 'per call', reason: ESCAPED },
  { file: 'src/formats/criteria-text.ts', call: 'new RegExp( String.raw`(${SYMBOLS}', built: 'at load', reason: 'constant parts' },
  { file: 'src/formats/criteria-text.ts', call: 'new RegExp( String.raw`(${NUMBER})\\s*(?:(${UNIT})\\s*)?(or', built: 'at load', reason: 'constant parts' },
  { file: 'src/formats/criteria-text.ts', call: 'new RegExp(String.raw`\\bbetween', built: 'at load', reason: 'constant parts' },
  { file: 'src/formats/criteria-text.ts', call: 'new RegExp(String.raw`(${NUMBER})\\s*(${UNIT})?`)', built: 'at load', reason: 'constant parts' },
  { file: 'src/formats/criteria-text.ts', call: "new RegExp(COMPARATOR_THEN_NUMBER.source, 'gi')", built: 'per call', reason: 'a copy of COMPARATOR_THEN_NUMBER (measured at load) with the same flags, fresh lastIndex per call' },
  { file: 'src/formats/criteria-text.ts', call: 'new RegExp( [ String.raw`perform', built: 'at load', reason: 'constant parts' },
  { file: 'src/formats/adr.ts', call: 'new RegExp(`\\\\b${status}\\\\b`)', built: 'per call', reason: 'a word of KNOWN_STATUSES between \\b: no quantifier' },
  ...['from_pretrained', 'hf_hub_download', 'snapshot_download', 'pipeline', 'SentenceTransformer', 'timm', 'torch', 'create_model_and_transforms', 'load_dataset', 'fetch_openml', 'tfds', '(?:dataset_download_files'].map(
    (name): DynamicEntry => ({ file: 'src/formats/third-party-references.ts', call: `new RegExp(\`\\\\${name.startsWith('from') ? '.' : 'b'}${name}`, built: 'at load', reason: 'constant parts' }),
  ),
  { file: 'src/ownership/guide.ts', call: 'new RegExp(`${SETUP_HEADING.source}', built: 'at load', reason: 'constant parts' },
  { file: 'src/reproducibility/entrypoints.ts', call: 'new RegExp(`^\\\\s+${escapeRegExp(stage.name)}', built: 'per call', reason: `anchored at ^ (one start); ${ESCAPED} between \\s+ and \\s*` },
  { file: 'src/reproducibility/entrypoints.ts', call: 'new RegExp(`^\\\\s+${escapeRegExp(name)}', built: 'per call', reason: `anchored at ^ (one start); ${ESCAPED} between \\s+ and \\s*` },
  { file: 'src/reproducibility/entrypoints.ts', call: 'new RegExp(`^\\\\s*["\']?${escapeRegExp(name)}', built: 'per call', reason: `anchored at ^ (one start); ${ESCAPED} between \\s* and \\s*` },
  { file: 'src/reproducibility/seeds.ts', call: 'new RegExp(`^\\\\s*["\']?${segment.replace(', built: 'per call', reason: `anchored at ^ (one start); ${ESCAPED} between \\s* and \\s*` },
  { file: 'src/secrets/rules.ts', call: 'new RegExp( [', built: 'at load', reason: 'constant parts' },
  { file: 'src/secrets/scanner.ts', call: 'new RegExp([...new Set(', built: 'at load', reason: 'constant parts' },
  { file: 'src/secrets/scanner.ts', call: "new RegExp(ANY_HINT.source, 'i')", built: 'at load', reason: 'constant parts' },
  { file: 'src/secrets/scanner.ts', call: "new RegExp(GENERIC_SECRET_RULE.pattern.source, 'g')", built: 'per call', reason: 'a global copy of a literal of src/secrets/rules.ts, which is measured as global' },
  { file: 'src/llm/catalogue.ts', call: 'new RegExp(`\\\\b${word.replace(', built: 'per call', reason: `${ESCAPED}, between \\b` },
  { file: 'src/llm/prompt-files.ts', call: 'new RegExp(`(^|[^\\\\w.-])${escape(name)}', built: 'per call', reason: `${ESCAPED} between single-character groups` },
  { file: 'src/llm/topics.ts', call: 'new RegExp(`${PRIVACY_HEADING.source}', built: 'at load', reason: 'constant parts' },
  { file: 'src/formats/coverage-config.ts', call: 'new RegExp(`\\\\b${metric}', built: 'per call', reason: 'a fixed metric word after \\b, then \\s*:\\s* and a number: the quantifiers are separated by literals' },
  { file: 'src/testing/test-commands.ts', call: 'new RegExp(`${flag}', built: 'per call', reason: 'a fixed command-line flag of this file, then = or \\s+ and a number: the quantifiers are separated by literals' },
  { file: 'src/policy/custom-rules.ts', call: 'new RegExp(source,', built: 'per call', reason: "the buyer's own pattern from the policy (trusted); it only runs through boundedTest, in a vm with a time limit" },
  { file: 'src/policy/custom-rules.ts', call: 'new RegExp(pattern.source, pattern.flags)', built: 'per call', reason: "a copy of the buyer's pattern handed to the vm of boundedTest, which stops it at PATTERN_TIME_LIMIT_MS" },
  { file: 'src/secrets/mask-text.ts', call: 'new RegExp( [...new Set(', built: 'at load', reason: 'constant parts' },
  { file: 'src/secrets/mask-text.ts', call: "new RegExp( '(?<![A-Za-z0-9])(?:' +", built: 'at load', reason: 'constant parts' },
  { file: 'src/models/stores.ts', call: 'new RegExp(`(^|[^\\\\w-])${escape(value)}', built: 'per call', reason: `${ESCAPED} between single-character groups` },
  { file: 'src/models/stores.ts', call: 'new RegExp(`(^|[^\\\\w.-])${escape(bucket)}', built: 'per call', reason: `${ESCAPED} between single-character groups` },
  { file: 'src/snapshot/git-ref-source.ts', call: 'new RegExp(`(?:^|/)(?:${[...EXCLUDED_DIRECTORIES]', built: 'per call', reason: `${ESCAPED}: folder names between (?:^|/) and /, built on first use` },
  { file: 'src/formats/vocabulary.ts', call: 'new RegExp(`(?:^| )(?:${alternatives.join(', built: 'at load', reason: 'constant parts' },
  { file: 'src/formats/runbook.ts', call: 'new RegExp(`${ROLLBACK.pattern.source}|${TURN_OFF.pattern.source}`', built: 'at load', reason: 'constant parts' },
  { file: 'src/formats/threshold-constants.ts', call: 'new RegExp(`([A-Za-z_][\\\\w.]{0,60})', built: 'per call', reason: 'the name is a constant matched by [A-Z][A-Z0-9_]{1,60} (no metacharacter); every quantifier bounded' },
  { file: 'src/formats/threshold-constants.ts', call: 'new RegExp(`(?<![\\\\w])${name}', built: 'per call', reason: 'the name is a constant matched by [A-Z][A-Z0-9_]{1,60} (no metacharacter); every quantifier bounded' },
];

interface BuiltRegex {
  file: string;
  source: string;
  flags: string;
}

/**
 * Loads modules with a RegExp that records what src/ and checks/ construct, to measure the patterns a module
 * builds when it loads. Only frames of src/ and checks/ count, so whatever the test runner builds is ignored.
 */
async function regexesBuiltAtLoad(files: string[]): Promise<BuiltRegex[]> {
  const Original = globalThis.RegExp;
  const built: BuiltRegex[] = [];
  const record = (regex: RegExp) => {
    // The frame that called the constructor: the first one outside this file. A library's own patterns (built
    // when src/ calls it) are the library's business, not measured here.
    const frames = (new Error().stack ?? '').split('\n').slice(1).filter((frame) => !frame.includes('regex-linearity.test'));
    const caller = /[/\\]((?:src|checks)[/\\][^:()]+\.ts):\d+/.exec(frames[0] ?? '')?.[1];
    if (caller && !/node_modules/.test(frames[0])) built.push({ file: caller.split(path.sep).join('/'), source: regex.source, flags: regex.flags });
    return regex;
  };
  // A proxy, not a subclass: libraries call RegExp() without new while they load.
  const Recording = new Proxy(Original, {
    construct: (target, args, newTarget) => record(Reflect.construct(target, args, newTarget) as RegExp),
    apply: (target, self, args) => record(Reflect.apply(target, self, args) as RegExp),
  });
  globalThis.RegExp = Recording;
  try {
    for (const file of files) await import(/* @vite-ignore */ pathToFileURL(path.join(ROOT, file)).href);
  } finally {
    globalThis.RegExp = Original;
  }
  return built;
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring (runs in a worker thread so a catastrophic pattern can be killed; plain JavaScript only)

interface Job {
  id: string;
  source: string;
  flags: string;
}

interface Slow {
  input: string;
  shortMs: number;
  longMs: number;
  ratio: number;
  /** Times at 4 x LONG and 16 x LONG, when the growth had to be confirmed. */
  confirmMs?: number;
  furtherMs?: number;
}

type WorkerMessage = { beat: number } | { done: number; slow: Slow[]; error?: string };

/** The worker's whole program. It is sent as text, so it must not reference anything outside itself. */
function workerMain(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const { jobs, start, limits } = workerData as { jobs: Job[]; start: number; limits: Limits };
  const { SHORT, LONG, MAX_RATIO, MIN_LONG_MS, OBVIOUS_MS, CONFIRM_RATIO, MAX_SHORT_MS } = limits;
  const CLASSES = ['a', 'A', '0', '_', ' ', '\t', '\n', '\r\n', '.', ',', '-', '@', '$', '#', '/', '\\', '|', '*', ':', '=', '"', "'", '`', '<', '(', '[', '{', 'é'];
  const PAIRS = ['a ', 'a.', '_A', 'a-', 'a@', 'a/', '0.', 'a\n', ' \t', 'a:', 'a=', '$a', '# ', '- ', 'a\\', ' \n', 'A0', 'a,', '"a', ' =', '\\ ', ': '];
  const BREAK = '\u0001';
  /** Characters tried when a pattern's atom needs a sample character. */
  const CANDIDATES = [...CLASSES, 'x', 'b', 'Z', '1', '9', 'f', '!', '%', '&', '+', '?', '~', '^', ')', ']', '}', '>', ';', BREAK];

  const fill = (unit: string, n: number) => unit.repeat(Math.max(1, Math.ceil(n / unit.length))).slice(0, n);

  function tryRegex(source: string, flags: string): RegExp | null {
    try {
      return new RegExp(source, flags.replace(/[gyd]/g, ''));
    } catch {
      return null;
    }
  }

  interface Element {
    atom: string;
    min: number;
    max: number;
  }

  /** Index just past the atom that starts at i (escape, class, group or single character). */
  function atomEnd(src: string, i: number): number {
    const c = src[i];
    if (c === '\\') {
      const n = src[i + 1];
      if ((n === 'u' || n === 'p' || n === 'P') && src[i + 2] === '{') return src.indexOf('}', i) + 1 || src.length;
      if (n === 'k' && src[i + 2] === '<') return src.indexOf('>', i) + 1 || src.length;
      if (n === 'u') return i + 6;
      if (n === 'x') return i + 4;
      if (n === 'c') return i + 3;
      if (n !== undefined && n >= '1' && n <= '9') {
        let k = i + 1;
        while (k < src.length && src[k] >= '0' && src[k] <= '9') k++;
        return k;
      }
      return i + 2;
    }
    if (c === '[') {
      let k = i + 1;
      if (src[k] === '^') k++;
      if (src[k] === ']') k++;
      while (k < src.length && src[k] !== ']') k += src[k] === '\\' ? 2 : 1;
      return k + 1;
    }
    if (c === '(') {
      let depth = 0;
      let k = i;
      while (k < src.length) {
        const d = src[k];
        if (d === '\\') k += 2;
        else if (d === '[') k = atomEnd(src, k);
        else {
          if (d === '(') depth++;
          else if (d === ')' && --depth === 0) return k + 1;
          k++;
        }
      }
      return k;
    }
    return i + 1;
  }

  /** Top-level alternatives of a pattern, each a sequence of quantified atoms. */
  function branchesOf(src: string): Element[][] {
    const branches: Element[][] = [[]];
    let i = 0;
    while (i < src.length) {
      if (src[i] === '|') {
        branches.push([]);
        i++;
        continue;
      }
      const end = atomEnd(src, i);
      const atom = src.slice(i, end);
      const q = /^(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})\??/.exec(src.slice(end, end + 24));
      let min = 1;
      let max = 1;
      if (q) {
        if (q[1] === '*') [min, max] = [0, Infinity];
        else if (q[1] === '+') [min, max] = [1, Infinity];
        else if (q[1] === '?') [min, max] = [0, 1];
        else {
          min = Number(q[2]);
          max = q[3] ? (q[4] ? Number(q[4]) : Infinity) : min;
        }
      }
      branches[branches.length - 1].push({ atom, min, max });
      i = end + (q ? q[0].length : 0);
    }
    return branches;
  }

  /** A string the atom plausibly matches: what a near-miss input is built from. */
  function sampleAtom(atom: string, flags: string): string {
    if (atom === '^' || atom === '$' || atom === '\\b' || atom === '\\B') return '';
    if (atom[0] === '(') {
      if (/^\(\?(?:[=!]|<[=!])/.test(atom)) return '';
      const inner = atom.replace(/^\((?:\?:|\?<[A-Za-z_$][\w$]*>|\?[imsx-]+:)?/, '').slice(0, -1);
      return sampleSequence(branchesOf(inner)[0] ?? [], flags);
    }
    if (/^\\(?:[1-9]|k<)/.test(atom)) return '';
    const re = tryRegex(`^(?:${atom})$`, flags);
    if (re) for (const c of CANDIDATES) if (re.test(c)) return c;
    return atom.startsWith('\\') ? atom.slice(1, 2) : atom;
  }

  function sampleSequence(elements: Element[], flags: string): string {
    return elements.map((e) => sampleAtom(e.atom, flags).repeat(Math.min(Math.max(e.min, 1), 4))).join('');
  }

  /** Characters of CLASSES the atom can start with (all of them when that cannot be told in isolation). */
  function classesAccepted(atom: string, flags: string): string[] {
    const re = tryRegex(`^(?:${atom})`, flags);
    if (!re) return CLASSES;
    const accepted = CLASSES.filter((c) => re.test(c.repeat(4)));
    return accepted.length ? accepted : [];
  }

  /**
   * Inputs of length n: long runs of one class, with and without a character that breaks the run, in lines, two
   * classes alternating, and near-misses: the start of a match (read from the pattern) followed by a long run
   * of what the next unbounded part accepts, and that start repeated.
   */
  function inputsFor(source: string, flags: string): { label: string; make: (n: number) => string }[] {
    const inputs: { label: string; make: (n: number) => string }[] = [];
    for (const c of CLASSES) {
      inputs.push({ label: `run ${JSON.stringify(c)}`, make: (n) => fill(c, n) });
      inputs.push({ label: `run ${JSON.stringify(c)} then break`, make: (n) => fill(c, n - 1) + BREAK });
      // Not at the start: an alternative anchored with ^ must not take the whole run in one match.
      inputs.push({ label: `break then run ${JSON.stringify(c)} then break`, make: (n) => BREAK + fill(c, n - 2) + BREAK });
      inputs.push({ label: `lines of ${JSON.stringify(c)}`, make: (n) => fill(`${c.repeat(63)}\n`, n) });
    }
    for (const p of PAIRS) {
      inputs.push({ label: `pairs ${JSON.stringify(p)}`, make: (n) => fill(p, n) });
      inputs.push({ label: `pairs ${JSON.stringify(p)} then break`, make: (n) => fill(p, n - 1) + BREAK });
    }
    const prefixes = new Map<string, string[]>();
    for (const branch of branchesOf(source).slice(0, 12)) {
      let cuts = 0;
      for (let j = 1; j <= branch.length && cuts < 6; j++) {
        const next = branch[j];
        const unbounded = next === undefined || next.max === Infinity || /[*+]|\{\d+,\}/.test(next.atom);
        if (!unbounded) continue;
        cuts++;
        const prefix = sampleSequence(branch.slice(0, j), flags);
        if (prefix === '') continue;
        const classes = next === undefined ? CLASSES : classesAccepted(next.atom, flags);
        prefixes.set(prefix, [...new Set([...(prefixes.get(prefix) ?? []), ...classes])]);
      }
    }
    for (const [prefix, classes] of [...prefixes].slice(0, 16)) {
      inputs.push({ label: `repeated ${JSON.stringify(prefix)}`, make: (n) => fill(prefix, n) });
      for (const c of classes) {
        inputs.push({ label: `${JSON.stringify(prefix)} then run ${JSON.stringify(c)} then break`, make: (n) => prefix + fill(c, n - prefix.length - 1) + BREAK });
      }
    }
    return inputs;
  }

  /**
   * Every match of the pattern, as replace, split, matchAll and a global exec loop find them: a superset of the
   * work of one exec or test, so a pattern that passes here passes as used anywhere. A sticky pattern is searched.
   */
  function runner(source: string, flags: string): (s: string) => void {
    const re = new RegExp(source, `${flags.replace(/[gy]/g, '')}g`);
    return (s) => {
      s.replace(re, '');
    };
  }

  function time(run: (s: string) => void, s: string): number {
    const t0 = performance.now();
    run(s);
    return performance.now() - t0;
  }

  /** Mean time of one run on a short input, repeated until the total is long enough to be above timer noise. */
  function timeShort(run: (s: string) => void, s: string): number {
    let reps = 0;
    const t0 = performance.now();
    let elapsed = 0;
    while (reps < 200 && (elapsed < 2 || reps < 3)) {
      run(s);
      reps++;
      elapsed = performance.now() - t0;
    }
    return elapsed / reps;
  }

  for (let index = start; index < jobs.length; index++) {
    const job = jobs[index];
    const slow: Slow[] = [];
    let error: string | undefined;
    try {
      const run = runner(job.source, job.flags);
      for (const input of inputsFor(job.source, job.flags)) {
        parentPort!.postMessage({ beat: index });
        const short = input.make(SHORT);
        const long = input.make(LONG);
        const once = time(run, short);
        if (once > MAX_SHORT_MS) {
          slow.push({ input: input.label, shortMs: once, longMs: Infinity, ratio: Infinity });
          break;
        }
        const first = time(run, long);
        if (first <= MIN_LONG_MS) continue;
        parentPort!.postMessage({ beat: index });
        // Above the floor once: measure again (best of three, of two when far above) before calling it super-linear.
        let longMs = Math.min(first, time(run, long));
        if (longMs < OBVIOUS_MS) longMs = Math.min(longMs, time(run, long));
        let shortMs = Infinity;
        for (let k = 0; k < 3; k++) shortMs = Math.min(shortMs, timeShort(run, short));
        const ratio = longMs / Math.max(shortMs, 0.001);
        if (longMs <= MIN_LONG_MS || ratio <= MAX_RATIO) continue;
        let confirmMs: number | undefined;
        let furtherMs: number | undefined;
        if (longMs < OBVIOUS_MS) {
          parentPort!.postMessage({ beat: index });
          const longer = input.make(4 * LONG);
          confirmMs = Math.min(time(run, longer), time(run, longer));
          if (confirmMs / longMs <= CONFIRM_RATIO) continue;
          // Still ambiguous: per-character cost can keep rising up to ~128 KiB. Beyond, a linear pattern
          // grows 4x and a quadratic one 16x (that one usually meets the watchdog first).
          parentPort!.postMessage({ beat: index });
          furtherMs = time(run, input.make(16 * LONG));
          if (furtherMs / confirmMs <= CONFIRM_RATIO) continue;
        }
        // One proof is enough: the next inputs would only cost seconds each.
        slow.push({ input: input.label, shortMs, longMs, ratio, confirmMs, furtherMs });
        break;
      }
    } catch (e) {
      error = String(e);
    }
    parentPort!.postMessage({ done: index, slow, error });
  }
}

interface Verdict {
  job: Job;
  slow: Slow[];
  error?: string;
  timedOut?: boolean;
}

/** Runs every job in one worker at a time (timings stay comparable); a silent worker is killed and restarted after its job. */
function measure(jobs: Job[]): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  return new Promise((resolve, reject) => {
    const launch = (start: number) => {
      if (start >= jobs.length) return resolve(verdicts);
      const worker = new Worker(`(${workerMain.toString()})()`, {
        eval: true,
        workerData: { jobs, start, limits: LIMITS },
      });
      let current = start;
      let finished = false;
      let watchdog: NodeJS.Timeout;
      const arm = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          finished = true;
          verdicts.push({ job: jobs[current], slow: [], timedOut: true });
          void worker.terminate().then(() => launch(current + 1));
        }, WATCHDOG_MS);
      };
      arm();
      worker.on('message', (message: WorkerMessage) => {
        arm();
        if ('beat' in message) current = message.beat;
        else {
          verdicts.push({ job: jobs[message.done], slow: message.slow, error: message.error });
          current = message.done + 1;
          if (current >= jobs.length) {
            finished = true;
            clearTimeout(watchdog);
            void worker.terminate().then(() => resolve(verdicts));
          }
        }
      });
      worker.on('error', (error) => {
        clearTimeout(watchdog);
        if (!finished) reject(error);
      });
    };
    launch(0);
  });
}

function describeVerdict(v: Verdict, sites: string[]): string {
  const head = `/${v.job.source}/${v.job.flags} at ${sites.join(', ')}`;
  if (v.timedOut) return `${head}: no answer within ${WATCHDOG_MS} ms on one input (catastrophic backtracking)`;
  if (v.error) return `${head}: ${v.error}`;
  const worst = [...v.slow].sort((a, b) => b.longMs - a.longMs).slice(0, 3);
  const line = (s: Slow) =>
    `    ${s.input}: ${s.shortMs.toFixed(2)} ms at ${LIMITS.SHORT} B, ${s.longMs.toFixed(1)} ms at ${LIMITS.LONG} B (x${s.ratio.toFixed(0)})` +
    (s.confirmMs === undefined ? '' : `, ${s.confirmMs.toFixed(0)} ms at ${4 * LIMITS.LONG} B`) +
    (s.furtherMs === undefined ? '' : `, ${s.furtherMs.toFixed(0)} ms at ${16 * LIMITS.LONG} B`);
  return `${head}:\n${worst.map(line).join('\n')}`;
}

const failed = (v: Verdict) => v.timedOut || v.error !== undefined || v.slow.length > 0;

// ---------------------------------------------------------------------------------------------------------------

/** Patterns whose verdict is known, to show the detector can fail and does not fail everything. */
const SELF_CHECKS: Job[] = [
  { id: 'self:trailing-space', source: String.raw`\s+$`, flags: '' },
  { id: 'self:exponential', source: '(a|a)*b', flags: '' },
  // Quadratic with a small constant (one scan per `registry/evals/` in the path): found only by confirmation.
  { id: 'self:folder', source: String.raw`(?:^|\/)registry\/evals\/(?:[^/]+\/)*[^/]+\.ya?ml$`, flags: '' },
  { id: 'self:linear', source: String.raw`\ba+b`, flags: 'g' },
  // Linear with a bounded window (64 characters per start): must pass.
  { id: 'self:window', source: String.raw`[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}`, flags: 'g' },
];

let sites: ReturnType<typeof collectSites>;
let built: BuiltRegex[];
let verdicts: Verdict[];
let jobSites: Map<string, string[]>;

beforeAll(async () => {
  sites = collectSites();
  built = await regexesBuiltAtLoad([...new Set(DYNAMIC_SITES.filter((e) => e.built === 'at load').map((e) => e.file))]);
  jobSites = new Map();
  const add = (id: string, where: string) => jobSites.set(id, [...(jobSites.get(id) ?? []), where]);
  for (const site of sites.literals) add(`/${site.source}/${site.flags}`, `${site.file}:${site.line}`);
  for (const regex of built) add(`/${regex.source}/${regex.flags}`, `${regex.file} (built at load)`);
  const jobs: Job[] = [
    ...SELF_CHECKS,
    ...[...jobSites.keys()].map((id) => {
      const slash = id.lastIndexOf('/');
      return { id, source: id.slice(1, slash), flags: id.slice(slash + 1) };
    }),
  ];
  // REGEX_LINEARITY_ONLY=<part of a path> measures the patterns of matching files only (while fixing one).
  const only = process.env.REGEX_LINEARITY_ONLY;
  verdicts = await measure(only ? jobs.filter((j) => j.id.startsWith('self:') || (jobSites.get(j.id) ?? []).some((s) => s.includes(only))) : jobs);
}, 300_000);

describe('regular expressions are linear in their input', () => {
  it('the detector catches quadratic and exponential patterns, and passes linear ones', () => {
    const byId = new Map(verdicts.map((v) => [v.job.id, v]));
    expect(failed(byId.get('self:trailing-space')!)).toBe(true);
    expect(failed(byId.get('self:exponential')!)).toBe(true);
    expect(failed(byId.get('self:folder')!)).toBe(true);
    expect(failed(byId.get('self:linear')!)).toBe(false);
    expect(failed(byId.get('self:window')!)).toBe(false);
  });

  it('finds the patterns of src/ and checks/, as written', () => {
    expect(sites.literals.length).toBeGreaterThan(1000);
    expect(sites.literals.some((s) => s.file.startsWith('checks/'))).toBe(true);
    // A literal and a constructor call of a known file come back with their source and flags.
    const code = readFileSync(path.join(ROOT, 'src/secrets/env-files.ts'), 'utf8');
    const literal = sites.literals.find((s) => s.file === 'src/secrets/env-files.ts' && s.source.includes('#'));
    expect(literal && code.includes(`/${literal.source}/${literal.flags}`)).toBe(true);
  });

  it('no pattern in src/ or checks/ grows super-linearly', () => {
    const bad = verdicts.filter((v) => !v.job.id.startsWith('self:') && failed(v));
    expect(bad.map((v) => describeVerdict(v, jobSites.get(v.job.id) ?? [])).join('\n')).toBe('');
  });

  it('every pattern built at run time is listed, and those built at load are measured', () => {
    const listed = (site: DynamicSite) => DYNAMIC_SITES.some((e) => e.file === site.file && site.call.startsWith(e.call));
    const unlisted = sites.dynamic.filter((site) => !listed(site)).map((s) => `${s.file}:${s.line}: ${s.call.slice(0, 160)}`);
    expect(unlisted.join('\n'), 'add these to DYNAMIC_SITES (see docs/contributing.md)').toBe('');
    const stale = DYNAMIC_SITES.filter((e) => !sites.dynamic.some((site) => site.file === e.file && site.call.startsWith(e.call)));
    expect(stale.map((e) => `${e.file}: ${e.call}`).join('\n'), 'these DYNAMIC_SITES entries match no call any more').toBe('');
    const notBuilt = DYNAMIC_SITES.filter((e) => e.built === 'at load' && !built.some((b) => b.file === e.file));
    expect(notBuilt.map((e) => `${e.file}: ${e.call}`).join('\n'), 'said to be built at load, but loading the module built nothing').toBe('');
  });
});
