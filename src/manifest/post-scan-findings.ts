// Findings the scan adds to the handover-manifest check once every result is known (declared-milestone.ts);
// declared here so the check can list them for `explain` and SARIF like its own.
import type { FindingDefinition } from '../check.js';

export const POST_SCAN_FINDINGS = {
  'milestone-not-shown': {
    severity: 'info',
    title: 'The scan does not bear out the declared milestone',
    remediation: 'Close the gaps the message lists (required checks below their pass score, overall score below the milestone minimum), or declare the milestone the delivery has actually reached.',
  },
  'unknown-check': {
    severity: 'warning',
    title: 'Artifacts declared for an unknown check',
    remediation: 'Use a check id from `ml-handover checks` (e.g. `runbooks`, not `runbook`); locations under an unknown id are not used by any check.',
  },
} as const satisfies Record<string, FindingDefinition>;
