// Text for `ml-handover checks`, `ml-handover explain <id>` and `ml-handover explain profiles`: everything a
// check judges (and what it judges instead for each system profile), from its own declaration.
import type { CheckDefinition } from '../check.js';
import { MILESTONE_IDS, MILESTONES } from '../policy/milestones.js';
import { PROFILE_DETECTION } from '../profiles/detect-profiles.js';
import { PROFILE_TITLES, SYSTEM_PROFILES } from '../profiles/system-profile.js';

/** `ml-handover explain profiles`: the topic that is not a check. */
export const PROFILES_TOPIC = 'profiles';

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
  out.push(...profileLines(check), '');
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

/** What the check judges for each system profile; a profile it does not name is judged as a trained model. */
function profileLines(check: CheckDefinition): string[] {
  const declared = SYSTEM_PROFILES.filter((profile) => check.profiles?.[profile]);
  if (declared.length === 0) return ['System profiles: judged the same for every profile (ml-handover explain profiles).'];
  const out = ['System profiles (what this check judges instead; others as a trained model):'];
  for (const profile of declared) out.push(`  ${profile}:`, ...wrap(check.profiles![profile]!, 92).map((line) => `      ${line}`));
  return out;
}

/** Every profile: what it is, how the scan detects it, how to state it, and what each check judges instead. */
export function explainProfiles(checks: readonly CheckDefinition[]): string {
  const out: string[] = ['System profiles: what kind of system the delivery is', ''];
  out.push(
    ...wrap(
      "Each check judges the artifact that is the equivalent for the profile instead of going blind (a system card for an LLM application, prompt and model evaluation history for experiment tracking). The buyer's word wins: --profile, then the policy's `profiles:`, else what the scan detects, else trained-model (the full checklist). A vendor's handover.yml `profiles:` is reported next to what the scan detected, never used. A delivery can be several profiles; training artifacts stay required whenever it trains.",
      100,
    ),
    '',
  );
  for (const profile of SYSTEM_PROFILES) {
    out.push(`${profile}: ${PROFILE_TITLES[profile]}`);
    out.push(...wrap(`Detected from: ${PROFILE_DETECTION[profile]}.`, 96).map((line) => `  ${line}`));
    const changed = checks.filter((check) => check.profiles?.[profile]);
    if (changed.length === 0) out.push(profile === 'trained-model' ? '  Judged instead: nothing; the checks as written judge a trained model.' : '  Judged instead: nothing changes; every check judges it as a trained model.');
    else {
      out.push('  Judged instead:');
      const width = Math.max(...changed.map((check) => check.id.length));
      for (const check of changed) {
        const [first, ...rest] = wrap(check.profiles![profile]!, 92 - width);
        out.push(`    ${check.id.padEnd(width)}  ${first}`, ...rest.map((line) => `    ${' '.repeat(width)}  ${line}`));
      }
    }
    out.push('');
  }
  out.push('State it: ml-handover scan . --profile llm-application[,data-pipeline]  (or `profiles:` in the policy; the Action input `profiles`)');
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
