// Reference documentation generated from the checks' own declarations (docs/checks.md and the README's
// milestone table), so the docs cannot drift from the code: a test compares them with the committed files.
import type { CheckDefinition } from '../check.js';
import { MILESTONE_IDS, MILESTONES } from '../policy/milestones.js';
import { PROFILE_DETECTION } from '../profiles/detect-profiles.js';
import { PROFILE_TITLES, SYSTEM_PROFILES } from '../profiles/system-profile.js';

export function milestoneTable(): string {
  const lines = ['| milestone | purpose | minimum score | required checks |', '| --- | --- | ---: | --- |'];
  for (const id of MILESTONE_IDS) {
    const milestone = MILESTONES[id];
    lines.push(`| \`${id}\` | ${milestone.purpose} | ${milestone.minScore} | ${milestone.required.map((check) => `\`${check}\``).join(', ') || 'none'} |`);
  }
  return lines.join('\n');
}

/** The README's table: every check, what it judges, what it recognises, and from which milestone it is required. */
export function checksTable(checks: readonly CheckDefinition[]): string {
  const lines = ['| check | judges | recognises | required from |', '| --- | --- | --- | --- |'];
  for (const check of checks) {
    const from = MILESTONE_IDS.find((id) => MILESTONES[id].required.includes(check.id));
    const judges = check.criteria.map((criterion) => criterion.title.toLowerCase()).join('; ');
    const recognises = check.recognises.join('; ').replace(/\|/g, '\\|');
    lines.push(`| [\`${check.id}\`](docs/checks.md#${check.id}) | **${check.title}**: ${judges} | ${recognises} | ${from ? `\`${from}\`` : 'optional'} |`);
  }
  return lines.join('\n');
}

/** The README's system profiles table: each profile, how the scan detects it, and what each check judges instead. */
export function profilesTable(checks: readonly CheckDefinition[]): string {
  const lines = ['| profile | detected from | judged instead |', '| --- | --- | --- |'];
  for (const profile of SYSTEM_PROFILES) {
    const changed = checks.filter((check) => check.profiles?.[profile]);
    const instead = changed.length
      ? changed.map((check) => `[\`${check.id}\`](docs/checks.md#${check.id}): ${cell(check.profiles![profile]!)}`).join('<br>')
      : profile === 'trained-model'
        ? 'nothing: the checks as written judge a trained model'
        : 'nothing: every check judges it as a trained model';
    lines.push(`| \`${profile}\`: ${PROFILE_TITLES[profile]} | ${cell(PROFILE_DETECTION[profile])} | ${instead} |`);
  }
  return lines.join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function checksReference(checks: readonly CheckDefinition[]): string {
  const out: string[] = ['# Check reference', '', '<!-- Generated from checks/*.ts by `UPDATE_DOCS=1 npx vitest run test/docs.test.ts`; do not edit by hand. -->', ''];
  out.push('| check | title | weight | required at |', '| --- | --- | ---: | --- |');
  for (const check of checks) {
    const at = MILESTONE_IDS.filter((id) => MILESTONES[id].required.includes(check.id));
    out.push(`| [\`${check.id}\`](#${check.id}) | ${check.title} | ${check.defaultWeight} | ${at.join(', ') || '—'} |`);
  }
  out.push('');
  for (const check of checks) {
    const total = check.criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
    out.push(`## ${check.id}`, '', `**${check.title}.** ${check.rationale}`, '');
    out.push(`- **10/10:** ${check.scale.high}`, `- **0/10:** ${check.scale.low}`, '');
    out.push('| criterion | weight | what earns full marks |', '| --- | ---: | --- |');
    for (const criterion of check.criteria) {
      out.push(`| \`${criterion.id}\` ${criterion.title} | ${criterion.weight} (${Math.round((100 * criterion.weight) / total)}%) | ${criterion.description ?? ''} |`);
    }
    const profiles = SYSTEM_PROFILES.filter((profile) => check.profiles?.[profile]);
    if (profiles.length) {
      out.push('', 'For other system profiles ([System profiles](../README.md#system-profiles)):', '');
      for (const profile of profiles) out.push(`- \`${profile}\`: ${check.profiles![profile]}`);
    }
    out.push('', 'Recognises:', '');
    for (const item of check.recognises) out.push(`- ${item}`);
    out.push(
      '',
      check.locationsUnused
        ? `Extra locations are not used: ${check.locationsUnused}`
        : `Extra locations: \`checks.${check.id}.locations\` in the buyer's policy, \`.ml-handover.yml\` or \`handover.yml\` add globs to look in.`,
    );
    out.push('', '| finding | severity | fix |', '| --- | --- | --- |');
    for (const [id, finding] of Object.entries(check.findings)) out.push(`| \`${id}\` ${finding.title} | ${finding.severity} | ${finding.remediation.replace(/\|/g, '\\|')} |`);
    out.push('');
  }
  return out.join('\n');
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function replaceBetweenMarkers(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1 || to < from) throw new Error(`markers for ${name} not found`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}
