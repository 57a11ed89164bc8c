// Which artifacts a repository lacks, decided by the checks themselves: a template is written only where the
// check that judges that artifact finds nothing at all (so `init` and `scan` never disagree about "missing").
import { findCheck } from '../../checks/index.js';
import type { CheckDefinition } from '../check.js';
import { resolvePolicy } from '../policy/resolve-policy.js';
import { scan } from '../scan.js';
import { openTarget } from '../targets.js';
import { ARTIFACT_TEMPLATES } from './plan-init.js';

export async function findMissingArtifacts(dir: string): Promise<Set<string>> {
  const checks = ARTIFACT_TEMPLATES.map((artifact) => findCheck(artifact.checkId)).filter((check): check is CheckDefinition => check !== undefined);
  const opened = await openTarget(dir);
  try {
    const report = await scan(opened.snapshot, { checks, policy: resolvePolicy({}, checks.map((check) => check.id)) });
    const missing = new Set<string>();
    for (const artifact of ARTIFACT_TEMPLATES) {
      const result = report.checks.find((check) => check.id === artifact.checkId);
      if (result?.findings.some((finding) => finding.id === artifact.notFoundFinding)) missing.add(artifact.checkId);
    }
    return missing;
  } finally {
    await opened.close();
  }
}
