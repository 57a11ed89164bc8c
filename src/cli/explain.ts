// Text for `ml-handover checks` and `ml-handover explain <id>`: everything a check judges, from its own declaration.
import type { CheckDefinition } from '../check.js';
import { MILESTONE_IDS, MILESTONES } from '../policy/milestones.js';

export function listChecks(checks: readonly CheckDefinition[], json: boolean): string {
  if (json) {
    return JSON.stringify(checks.map((check) => ({ id: check.id, title: check.title, rationale: check.rationale, weight: check.defaultWeight })), null, 2) + '\n';
  }
  const width = Math.max(...checks.map((check) => check.id.length));
  const lines = checks.map((check) => `${check.id.padEnd(width)}  ${check.title}\n${' '.repeat(width + 2)}${wrap(check.rationale, 96 - width).join(`\n${' '.repeat(width + 2)}`)}`);
  return lines.join('\n\n') + `\n\nMore: ml-handover explain <check>\n`;
}

export function explainCheck(checks: readonly CheckDefinition[], id: string): string | null {
  const check = checks.find((candidate) => candidate.id === id);
  if (!check) return null;
  const totalWeight = check.criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
  const out: string[] = [];
  out.push(`${check.id}: ${check.title}`, '');
  out.push(...wrap(check.rationale, 100), '');
  out.push(`Weight in the overall score: ${check.defaultWeight} (policy: checks.${check.id}.weight)`);
  const requiredAt = MILESTONE_IDS.filter((milestone) => MILESTONES[milestone].required.includes(check.id));
  out.push(`Required at milestones: ${requiredAt.length ? requiredAt.join(', ') : 'none by default'} (policy: checks.${check.id}.required)`, '');
  out.push('Criteria (each scored 0..1, weighted into a 0-10 check score):');
  for (const criterion of check.criteria) {
    out.push(`  ${criterion.id.padEnd(16)} weight ${criterion.weight} (${Math.round((100 * criterion.weight) / totalWeight)}%)  ${criterion.title}`);
    if (criterion.description) out.push(...wrap(criterion.description, 80).map((line) => `${' '.repeat(20)}${line}`));
  }
  out.push('', 'Scale:', `  10: ${check.scale.high}`, `   0: ${check.scale.low}`, '');
  out.push('Recognises:');
  for (const item of check.recognises) out.push(`  - ${item}`);
  out.push(
    '',
    check.locationsUnused
      ? `Extra locations (policy, .ml-handover.yml): not used, ${check.locationsUnused}`
      : `Extra locations: checks.${check.id}.locations in the policy (or .ml-handover.yml, handover.yml) add globs to look in.`,
  );
  out.push('', 'Findings and how to fix them:');
  for (const [findingId, finding] of Object.entries(check.findings)) {
    out.push(`  ${findingId} (${finding.severity}): ${finding.title}`);
    out.push(...wrap(`Fix: ${finding.remediation}`, 92).map((line) => `      ${line}`));
  }
  out.push('', `Status: pass at or above the pass score (default 7; policy: checks.${check.id}.minScore), warn within 3 points below, fail under that.`);
  return out.join('\n') + '\n';
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
