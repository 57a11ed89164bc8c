// The Action's inputs, read the way the runner passes them (INPUT_<NAME> environment variables) and
// validated up front: pipelines depend on these names, and a typo must fail loudly, never pass a gate.
import { MILESTONE_IDS, isMilestone, type MilestoneId } from '../policy/milestones.js';
import { parseProfileList, type SystemProfile } from '../profiles/system-profile.js';

export type FailOn = 'gate' | 'never';

/** A policy file path (in the buyer's checkout), or the policy YAML itself written in the workflow. */
export type PolicyInput = { kind: 'file'; file: string } | { kind: 'inline'; text: string };

export interface ActionInputs {
  path: string;
  policy: PolicyInput | null;
  milestone?: MilestoneId;
  minScore?: number;
  /** What kind of system the buyer says this is: outranks the policy and what the scan detects. */
  profiles?: SystemProfile[];
  failOn: FailOn;
  comment: boolean;
  /** Keep one tracking issue for this engagement (scheduled audits). */
  issue: boolean;
  /** Title of the tracking issue; also what finds it again (see tracking.ts). */
  issueTitle?: string;
  sarifFile?: string;
  reportFile?: string;
  githubToken?: string;
}

export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid input${problems.length > 1 ? 's' : ''}: ${problems.join('; ')}`);
    this.name = 'InputError';
  }
}

/** The runner's convention: `INPUT_` + name upper-cased with spaces as `_` (dashes kept: `INPUT_MIN-SCORE`). */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export function inputReader(env: NodeJS.ProcessEnv): (name: string) => string {
  return (name) => (env[inputEnvName(name)] ?? '').trim();
}

/** Reads and validates every input; throws one InputError naming every problem. */
export function readInputs(get: (name: string) => string): ActionInputs {
  const problems: string[] = [];

  const path = get('path') || '.';

  const policyText = get('policy');
  const policy = policyText ? policyInput(policyText) : null;

  const milestoneText = get('milestone');
  let milestone: MilestoneId | undefined;
  if (milestoneText) {
    if (isMilestone(milestoneText)) milestone = milestoneText;
    else problems.push(`milestone must be one of ${MILESTONE_IDS.join(', ')} (got "${clip(milestoneText)}")`);
  }

  const minScoreText = get('min-score');
  let minScore: number | undefined;
  if (minScoreText) {
    const value = Number(minScoreText);
    if (/^\d+(\.\d+)?$/.test(minScoreText) && value >= 0 && value <= 100) minScore = value;
    else problems.push(`min-score must be a number from 0 to 100 (got "${clip(minScoreText)}")`);
  }

  const profilesText = get('profiles');
  let profiles: SystemProfile[] | undefined;
  if (profilesText) {
    const parsed = parseProfileList(profilesText);
    if (parsed.ok) profiles = parsed.profiles;
    else problems.push(`profiles: ${parsed.error}`);
  }

  const failOnText = (get('fail-on') || 'gate').toLowerCase();
  let failOn: FailOn = 'gate';
  if (failOnText === 'gate' || failOnText === 'never') failOn = failOnText;
  else problems.push(`fail-on must be "gate" or "never" (got "${clip(failOnText)}")`);

  const comment = booleanInput('comment', get('comment') || 'true', problems);
  const issue = booleanInput('issue', get('issue') || 'false', problems);
  const issueTitle = get('issue-title') || undefined;
  if (issueTitle && (issueTitle.length > 200 || /[\r\n]/.test(issueTitle))) problems.push('issue-title must be one line of at most 200 characters');

  const sarifFile = get('sarif-file') || undefined;
  const reportFile = get('report-file') || undefined;
  if (sarifFile && reportFile && sarifFile === reportFile) problems.push('sarif-file and report-file must be different files');
  const githubToken = get('github-token') || undefined;

  if (problems.length) throw new InputError(problems);
  return {
    path,
    policy,
    ...(milestone ? { milestone } : {}),
    ...(minScore !== undefined ? { minScore } : {}),
    ...(profiles ? { profiles } : {}),
    failOn,
    comment,
    issue,
    ...(issueTitle ? { issueTitle } : {}),
    ...(sarifFile ? { sarifFile } : {}),
    ...(reportFile ? { reportFile } : {}),
    ...(githubToken ? { githubToken } : {}),
  };
}

/**
 * A value with a newline or a `key: value` pair (or a JSON/flow mapping) is the policy itself;
 * anything else is a file path.
 */
export function policyInput(value: string): PolicyInput {
  if (value.includes('\n') || value.includes(': ') || value.trimStart().startsWith('{')) return { kind: 'inline', text: value };
  return { kind: 'file', file: value };
}

/** The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them. */
function booleanInput(name: string, text: string, problems: string[]): boolean {
  if (['true', 'True', 'TRUE'].includes(text)) return true;
  if (['false', 'False', 'FALSE'].includes(text)) return false;
  problems.push(`${name} must be true or false (got "${clip(text)}")`);
  return false;
}

function clip(value: string): string {
  return value.length > 60 ? value.slice(0, 59) + '…' : value;
}
