// After the scan, what handover.yml declared is set against what the results show, on the handover-manifest
// check: the declared milestone next to the highest milestone the results bear out (reported, never trusted),
// and artifact keys that name no check. Neither changes a score or the gate.
import { MILESTONE_IDS, MILESTONES, type MilestoneId } from '../policy/milestones.js';
import type { CheckResult } from '../report/report.js';
import { gateStanding } from '../scoring/score.js';
import type { ManifestHints } from './manifest-locations.js';
import { HANDOVER_MANIFEST_CHECK_ID } from './parse-manifest.js';
import { POST_SCAN_FINDINGS } from './post-scan-findings.js';

export interface MilestoneStanding {
  id: MilestoneId;
  /** Required checks of the milestone that do not hold the gate (or were not run). */
  failing: string[];
  scoreShort: boolean;
}

/** For each milestone in order, whether this scan's results meet it: required checks hold and the score is reached. */
export function milestoneStandings(checks: readonly CheckResult[], score: number): MilestoneStanding[] {
  return MILESTONE_IDS.map((id) => {
    const milestone = MILESTONES[id];
    const failing = milestone.required.filter((required) => {
      const result = checks.find((check) => check.id === required);
      return !result || gateStanding(result) === 'fail';
    });
    return { id, failing, scoreShort: score < milestone.minScore };
  });
}

/** The highest milestone the scan shows (every earlier one met too), or null when not even the first. */
export function milestoneShown(checks: readonly CheckResult[], score: number): MilestoneId | null {
  let shown: MilestoneId | null = null;
  for (const standing of milestoneStandings(checks, score)) {
    if (standing.failing.length > 0 || standing.scoreShort) break;
    shown = standing.id;
  }
  return shown;
}

/**
 * Adds the post-scan comparisons to the handover-manifest check's result. Returns report notes for what
 * could not be attached (the check was not run or did not apply).
 */
export function annotateManifestResult(checks: CheckResult[], score: number, hints: ManifestHints): string[] {
  if (!hints.file) return [];
  const result = checks.find((check) => check.id === HANDOVER_MANIFEST_CHECK_ID && check.status !== 'skip');
  const unknown = hints.unknownChecks.map(({ id, line }) => ({ line, message: `artifacts.${id}: "${id}" is not a check of this scan; its locations are not used.` }));
  if (!result) return unknown.map(({ message }) => `${hints.file}: ${message}`);
  for (const { line, message } of unknown) result.findings.push(postScanFinding('unknown-check', message, hints.file, line));

  const declared = hints.milestone;
  if (!declared) return [];
  const shown = milestoneShown(checks, score);
  result.evidence.push({ path: hints.file, line: declared.line, kind: 'milestone-shown', note: `declared ${declared.id}; the scan shows ${shown ?? 'no milestone'} (reported, not trusted)` });
  if (shown !== null && MILESTONE_IDS.indexOf(shown) >= MILESTONE_IDS.indexOf(declared.id)) return [];
  const standing = milestoneStandings(checks, score).find((candidate) => candidate.id === declared.id)!;
  const gaps = [
    ...(standing.failing.length ? [`required checks not passing: ${standing.failing.join(', ')}`] : []),
    ...(standing.scoreShort ? [`score ${score} below the milestone minimum ${MILESTONES[declared.id].minScore}`] : []),
  ];
  const message = `${hints.file} declares the ${declared.id} milestone; this scan shows ${shown ?? 'no milestone'}${gaps.length ? ` (${gaps.join('; ')})` : ''}.`;
  result.findings.push(postScanFinding('milestone-not-shown', message, hints.file, declared.line));
  return [];
}

function postScanFinding(id: keyof typeof POST_SCAN_FINDINGS, message: string, path: string, line: number) {
  const definition = POST_SCAN_FINDINGS[id];
  return { id, severity: definition.severity, message, path, line, remediation: definition.remediation };
}
