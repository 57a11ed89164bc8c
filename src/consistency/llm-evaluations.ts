// Cross-checks for an LLM application: its thresholds against the evaluation results it recorded, the pass
// counts its documents claim against the runs of that day, and the prompt the latest evaluation ran against
// the prompt delivered (or the commit it records against the history). The LLM-application counterpart of
// thresholds.ts and commits.ts; the runs come from src/experiments/llm-evaluations.ts.
import type { EvalClaim } from '../formats/llm-eval-exports.js';
import { isGitCommit } from '../experiments/run-facts.js';
import { variantNamedBy, type EvalDecision, type EvalRun, type EvalVariant } from '../experiments/llm-evaluations.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { Gate } from './gates.js';
import type { LoggedMetric } from './metric-match.js';
import { compareGates, type GateOutcome } from './thresholds.js';

/** The configuration of a run that speaks for it: the one a decision kept, the only one, or the best. */
export interface RunChoice {
  run: EvalRun;
  variant: EvalVariant;
  how: 'decision' | 'only' | 'best';
  /** The decision that kept it, when one did. */
  decision?: EvalDecision;
}

export function chosenVariant(run: EvalRun, decisions: readonly EvalDecision[]): RunChoice | null {
  if (run.variants.length === 0) return null;
  const named = variantNamedBy(run, decisions);
  if (named) return { run, variant: named.variant, how: 'decision', decision: named.decision };
  if (run.variants.length === 1) return { run, variant: run.variants[0], how: 'only' };
  // A bake-off with no decision: the strongest column stands for the run (the weakest was never going to ship).
  const best = [...run.variants].sort((a, b) => passRate(b) - passRate(a))[0];
  return { run, variant: best, how: 'best' };
}

function passRate(variant: EvalVariant): number {
  return variant.metrics['pass rate'] ?? -1;
}

/**
 * The recorded values of a chosen configuration, as logged metrics to match gates with. A key with separators
 * also answers to its spelling without them: documents write `answer_relevancy` and tables lose the underscore.
 */
export function loggedOf(choice: RunChoice): LoggedMetric[] {
  const where = choice.run.line !== undefined ? `${choice.run.path}:${choice.run.line}` : choice.run.path;
  const entries = Object.entries(choice.variant.metrics).filter(([, value]) => Number.isFinite(value));
  const logged = entries.map(([key, value]) => ({ key, value, path: where }));
  const keys = new Set(entries.map(([key]) => key));
  for (const [key, value] of entries) {
    const joined = key.replace(/[\s_-]+/g, '');
    if (joined !== key && !keys.has(joined)) logged.push({ key: joined, value, path: where });
  }
  return logged;
}

/** A gate measured on live traffic or user feedback: monitoring answers it, no evaluation run can. */
const MEASURED_IN_OPERATION = /\b(?:production|live|pilot|traffic|agent feedback|user feedback|customer feedback|field)\b/i;

export function measuredInOperation(gate: Gate): boolean {
  return gate.statements.some((statement) => statement.dataset !== null && MEASURED_IN_OPERATION.test(statement.dataset));
}

export type EvalGateOutcome = GateOutcome & { choice: RunChoice | null };

/**
 * Each gate against the newest run whose chosen configuration records its metric (runs sorted oldest
 * first). A gate no run records is `not-logged`, with the newest run as the one that should have.
 */
export function compareEvalGates(gates: readonly Gate[], runs: readonly EvalRun[], decisions: readonly EvalDecision[]): EvalGateOutcome[] {
  const choices = [...runs].reverse().map((run) => chosenVariant(run, decisions)).filter((choice): choice is RunChoice => choice !== null);
  const logged = choices.map((choice) => ({ choice, metrics: loggedOf(choice) }));
  return gates.map((gate) => {
    if (measuredInOperation(gate)) return { gate, status: 'not-logged', reason: 'elsewhere', choice: choices[0] ?? null };
    for (const { choice, metrics } of logged) {
      const [outcome] = compareGates([gate], metrics);
      if (outcome.status !== 'not-logged') return { ...outcome, choice };
    }
    const [outcome] = compareGates([gate], []);
    return { ...outcome, choice: choices[0] ?? null };
  });
}

export type ClaimOutcome =
  | { claim: EvalClaim & { path: string }; status: 'agrees'; run: EvalRun; variant: EvalVariant }
  | { claim: EvalClaim & { path: string }; status: 'differs'; runs: EvalRun[]; shown: string[] }
  | { claim: EvalClaim & { path: string }; status: 'no-run' };

/**
 * A documented pass count against the runs recorded on its date (any of their configurations may be the one
 * meant); an undated one describes the current state, so the newest run answers it.
 */
export function compareClaims(claims: ReadonlyArray<EvalClaim & { path: string }>, runs: readonly EvalRun[]): ClaimOutcome[] {
  return claims.map((claim): ClaimOutcome => {
    const sameDay = claim.date === null ? runs.slice(-1) : runs.filter((run) => run.date !== null && run.date === dateOnly(claim.date!));
    if (sameDay.length === 0) return { claim, status: 'no-run' };
    const shown: string[] = [];
    for (const run of sameDay) {
      for (const variant of run.variants) {
        if (variant.passed === null) continue;
        const total = variant.passed + (variant.failed ?? 0) + (variant.errors ?? 0);
        if (variant.passed === claim.passed && total === claim.total) return { claim, status: 'agrees', run, variant };
        shown.push(`${variant.label}${variant.provider ? ` on ${variant.provider}` : ''} ${variant.passed}/${total}`);
      }
    }
    return { claim, status: 'differs', runs: sameDay, shown };
  });
}

function dateOnly(value: string): string {
  return /\d{4}-\d{2}-\d{2}/.exec(value)?.[0] ?? value;
}

export type PromptCheck =
  | { status: 'same'; choice: RunChoice; file: string }
  | { status: 'differs'; choice: RunChoice; file: string | null }
  | { status: 'commit'; choice: RunChoice; commit: string; found: 'found' | 'missing' | 'unverifiable' | 'malformed' }
  | { status: 'unrecorded'; choice: RunChoice };

// The last prompts/ folder taken atomically (lookahead + backreference), so the rest of the path is scanned once.
const PROMPT_FILE = /^(?=((?:[^]*\/)?(?:prompts?|prompt[-_]templates?|templates?)\/))\1(?:[^/]+\/)*[^/]+\.(?:j2|jinja2?|txt|md|prompt|prompty|tmpl|tpl|mustache|hbs|ya?ml|json)$|\.(?:prompty|prompt|j2|jinja2?)$/i;
const MAX_PROMPT_FILES = 300;
const MAX_PROMPT_BYTES = 256 * 1024;

/**
 * Ties the newest evaluation to the delivered code: the prompt text it ran equals a delivered prompt file
 * (promptfoo records it), or the commit it records is in the scanned history. Null without runs.
 */
export async function checkEvaluatedPrompt(snapshot: Snapshot, runs: readonly EvalRun[], decisions: readonly EvalDecision[]): Promise<PromptCheck | null> {
  const newest = [...runs].reverse().map((run) => chosenVariant(run, decisions)).filter((choice): choice is RunChoice => choice !== null);
  const withPrompt = newest.find((choice) => choice.variant.raw !== null);
  const withCommit = newest.find((choice) => choice.run.commit !== null);
  // The newest run that can be tied to code speaks; a prompt text is the more direct tie.
  const choice = withPrompt && (!withCommit || (withPrompt.run.date ?? '') >= (withCommit.run.date ?? '')) ? withPrompt : withCommit;
  if (!choice) return newest[0] ? { status: 'unrecorded', choice: newest[0] } : null;
  if (choice.variant.raw !== null) {
    const wanted = normalise(choice.variant.raw);
    const files = snapshot.files.filter((path) => PROMPT_FILE.test(path)).slice(0, MAX_PROMPT_FILES);
    const named = fileNamedBy(choice, files);
    for (const path of named ? [named, ...files.filter((file) => file !== named)] : files) {
      const read = await snapshot.readText(path, { maxBytes: Math.min(MAX_PROMPT_BYTES, snapshot.readCap) });
      if (read.ok && normalise(read.text) === wanted) return { status: 'same', choice, file: path };
    }
    return { status: 'differs', choice, file: named };
  }
  const commit = choice.run.commit!;
  const git = snapshot.git;
  const found = !isGitCommit(commit) ? 'malformed' : git === null || (await git.shallow()) ? ((await git?.hasCommit(commit)) ? 'found' : 'unverifiable') : (await git.hasCommit(commit)) ? 'found' : 'missing';
  return { status: 'commit', choice, commit, found };
}

/** The prompt file a run names (`file://../prompts/answer.j2`, `answer.j2`), when one is delivered. */
function fileNamedBy(choice: RunChoice, files: readonly string[]): string | null {
  const texts = [choice.variant.label, ...choice.run.parameters].join(' ').toLowerCase();
  return files.find((path) => texts.includes(path.split('/').pop()!.toLowerCase())) ?? null;
}

function normalise(text: string): string {
  // Trailing blanks cut by hand: `[ \t]+$` is quadratic on a long run of spaces inside a line.
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(trimTrailingBlanks)
    .join('\n')
    .trim();
}

function trimTrailingBlanks(line: string): string {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--;
  return line.slice(0, end);
}
