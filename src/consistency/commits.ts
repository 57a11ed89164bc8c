// The git commits tracked runs say they were trained from (MLflow `mlflow.source.git.commit`, W&B
// `git.commit`, Sacred's commit) looked up in the scanned repository's history. A run whose commit is not
// in the history cannot be reproduced from this repository.
import { isGitCommit, type TrackedRun } from '../experiments/index.js';
import type { GitHistory } from '../git/history.js';

export type CommitStatus =
  | 'found'
  | 'missing'
  /** No history to look in (plain folder, API scan), or a shallow history that may end before it. */
  | 'unverifiable'
  /** The tag holds something that is not a commit id. */
  | 'malformed';

export interface CommitLookup {
  sha: string;
  status: CommitStatus;
  /** Runs recording this commit (the selected model's run first when it is one of them). */
  runs: TrackedRun[];
}

export interface CommitVerification {
  lookups: CommitLookup[];
  history: 'none' | 'shallow' | 'full';
  /** Distinct commits left unchecked beyond the cap. */
  skipped: number;
  /** Active runs that record no commit (of those whose files were read). */
  runsWithoutCommit: number;
  runsRecording: number;
}

export const MAX_COMMIT_LOOKUPS = 200;

export async function verifyRunCommits(runs: readonly TrackedRun[], git: GitHistory | null, options: { selectedRunId?: string | null; max?: number } = {}): Promise<CommitVerification> {
  const max = options.max ?? MAX_COMMIT_LOOKUPS;
  const bySha = new Map<string, TrackedRun[]>();
  let runsWithoutCommit = 0;
  let runsRecording = 0;
  for (const run of runs) {
    if (run.deleted) continue;
    const sha = run.gitCommit?.trim();
    if (!sha) {
      if (run.inspected) runsWithoutCommit++;
      continue;
    }
    runsRecording++;
    const key = isGitCommit(sha) ? sha.toLowerCase() : sha.slice(0, 80);
    const list = bySha.get(key) ?? [];
    if (run.id === options.selectedRunId) list.unshift(run);
    else list.push(run);
    bySha.set(key, list);
  }
  // The selected model's commit is looked up first, so the cap never drops it.
  const ordered = [...bySha].sort(([, a], [, b]) => Number(b[0].id === options.selectedRunId) - Number(a[0].id === options.selectedRunId));
  const history = git === null ? 'none' : (await git.shallow()) ? 'shallow' : 'full';
  const lookups: CommitLookup[] = [];
  for (const [sha, list] of ordered.slice(0, max)) {
    let status: CommitStatus;
    if (!isGitCommit(sha)) status = 'malformed';
    else if (git === null) status = 'unverifiable';
    else if (await git.hasCommit(sha)) status = 'found';
    else status = history === 'shallow' ? 'unverifiable' : 'missing';
    lookups.push({ sha, status, runs: list });
  }
  return { lookups, history, skipped: Math.max(0, ordered.length - max), runsWithoutCommit, runsRecording };
}
