// The text `ml-handover init` prints: each file written, kept or not needed, then what to do next.
import type { PlannedAction } from './plan-init.js';

export function renderInit(target: string, actions: readonly PlannedAction[], options: { dryRun: boolean; scanCommand: string }): string {
  const lines = [options.dryRun ? `ml-handover init ${target} (dry run: nothing written)` : `ml-handover init ${target}`, ''];
  const width = Math.max(...actions.map((action) => (action.kind === 'present' ? action.artifact : action.template.path).length));
  for (const action of actions) {
    const [verb, what, note] =
      action.kind === 'write'
        ? [options.dryRun ? 'would write' : 'wrote', action.template.path, action.template.title]
        : action.kind === 'keep'
          ? ['kept', action.template.path, 'exists; never overwritten']
          : ['found', action.artifact, 'already in the repository; no template needed'];
    lines.push(`  ${verb.padEnd(11)} ${what.padEnd(width)}  ${note}`);
  }
  const written = actions.filter((action) => action.kind === 'write');
  const steps: string[] = [];
  if (written.length > 0) {
    steps.push(`Replace every "TODO:" in the file${written.length > 1 ? 's' : ''} ${options.dryRun ? 'that would be written' : 'written above'} with the real content: until then the scan reports ${written.length > 1 ? 'them' : 'it'} as incomplete, not as done.`);
  }
  steps.push('In handover.yml, name the owners with real contacts, keep `artifacts` pointing where each artifact lives, and declare the milestone once it is true.');
  if (actions.some((action) => action.template.path === 'buyer-policy.yml' && action.kind !== 'present')) {
    steps.push("buyer-policy.yml is the buyer's gate: keep it in the buyer's repository and scan with `--policy buyer-policy.yml`; a vendor repository can never change the gate.");
  }
  steps.push(`Check where the delivery stands: ${options.scanCommand}`);
  lines.push('', 'Next steps:', ...steps.map((step, index) => `  ${index + 1}. ${step}`));
  if (options.dryRun) lines.push('', 'Run again without --dry-run to write the files.');
  return lines.join('\n') + '\n';
}
