// LLM-as-judge review files committed per pair of model configurations, in the FastChat review format
// (`<generations A>-vs-<generations B>-gpt-4-reviewer.jsonl`, one JSON line per question with `review_id`,
// `answer1_id`, `answer2_id` and the judge's `score`): each file is one comparison run of two named
// configurations (size, fine-tuning data, sampling), a weak experiment log like committed result files.
// Only the head of a file is read: the first line says whether it is such a review.
import { parseJson } from '../formats/json.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { ResultRecord } from './result-files.js';

const MAX_CANDIDATES = 500;
const MAX_READS = 40;
const HEAD_BYTES = 16 * 1024;
const MAX_WHOLE_FILE_BYTES = 2 * 1024 * 1024;
const NOT_REVIEWS_FOLDER = new Set(['node_modules', '.venv', 'venv', 'site-packages', 'vendor', '.git', 'test', 'tests', 'fixtures']);

/** `a-vs-b-gpt-4-reviewer.jsonl`, `a_vs_b_review.jsonl`: two configurations compared by a reviewer. Pure. */
export function isJudgeReviewName(path: string): boolean {
  const segments = path.toLowerCase().split('/');
  const base = segments.pop()!;
  if (!base.endsWith('.jsonl') || segments.some((segment) => NOT_REVIEWS_FOLDER.has(segment))) return false;
  const stem = base.slice(0, -'.jsonl'.length);
  const vs = stem.indexOf('-vs-') >= 0 ? stem.indexOf('-vs-') : stem.indexOf('_vs_');
  return vs > 0 && stem.includes('review', vs);
}

/** The first line of a judge review: ids of the two answers compared and a numeric score (one, or one per answer). Pure. */
export function isJudgeReviewLine(line: string): boolean {
  const read = parseJson(line, 8);
  if (!read.ok || !read.value || typeof read.value !== 'object' || Array.isArray(read.value)) return false;
  const record = read.value as Record<string, unknown>;
  const score = record.score;
  const numeric = typeof score === 'number' || (Array.isArray(score) && score.length > 0 && score.length <= 4 && score.every((value) => typeof value === 'number'));
  return 'review_id' in record && 'answer1_id' in record && 'answer2_id' in record && numeric;
}

/** The review files found, as result records of one comparison run each (at most MAX_READS files are read). */
export async function collectJudgeReviews(snapshot: Snapshot): Promise<ResultRecord[]> {
  const candidates = snapshot.files.filter((path) => isJudgeReviewName(path) && !snapshot.isSymlink(path)).slice(0, MAX_CANDIDATES);
  const records: ResultRecord[] = [];
  for (const path of candidates.slice(0, MAX_READS)) {
    if (snapshot.deadline.expired()) break;
    const head = await readHead(snapshot, path);
    if (head === null) continue;
    const firstLine = head.slice(0, head.indexOf('\n') >= 0 ? head.indexOf('\n') : head.length);
    if (!isJudgeReviewLine(firstLine)) continue;
    const stem = path.slice(path.lastIndexOf('/') + 1, -'.jsonl'.length);
    // The file name names both configurations compared: those are the run's parameters.
    records.push({ path, run: path, identity: stem.length > 80 ? `${stem.slice(0, 79)}…` : stem, release: false, metrics: ['judge score'], tries: 1, withParameters: true, commit: null });
  }
  return records;
}

/** The file's first bytes: a seek when the source can, else the whole file when it is small. */
async function readHead(snapshot: Snapshot, path: string): Promise<string | null> {
  const size = await snapshot.sizeOf(path);
  if (size === 0) return null;
  // A range past the file's end is refused: ask for no more than the file holds.
  if (size !== undefined) {
    const range = await snapshot.readRange(path, 0, Math.min(HEAD_BYTES, size));
    if (range.ok) return new TextDecoder('utf-8', { fatal: false }).decode(range.bytes);
    if (range.reason !== 'unsupported') return null;
  }
  if (size !== undefined && size > MAX_WHOLE_FILE_BYTES) return null;
  const text = await snapshot.readText(path, { maxBytes: MAX_WHOLE_FILE_BYTES });
  return text.ok ? text.text.slice(0, HEAD_BYTES) : null;
}
