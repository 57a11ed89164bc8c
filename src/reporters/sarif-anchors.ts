// Where a finding about the repository as a whole ("no model card", "no experiment tracking") is shown in
// code scanning, which needs a file for every alert. Like other producers of repository-level results, we
// anchor it at the file that should hold the missing artifact, named as the check's own remediation names it
// (and as `ml-handover init` writes it), or else at the root README. Anchors are fixed paths, not looked up
// in the snapshot: an alert's identity on GitHub includes its file, so an anchor must not move between scans.
import type { Report } from '../report/report.js';

/** `check` or `check/finding` -> repository-relative path. A finding entry wins over its check's. */
const EXPECTED_FILE: Readonly<Record<string, string>> = {
  'decision-records': 'docs/adr/0001-record-architecture-decisions.md',
  'dataset-versioning': 'data-manifest.yml',
  'dataset-versioning/missing-provenance': 'data/README.md',
  'dataset-versioning/missing-licence': 'data/README.md',
  'dataset-versioning/missing-preprocessing': 'data/README.md',
  'evaluation-criteria': 'evaluation/criteria.yml',
  'failure-modes': 'docs/failure-modes.md',
  'model-card': 'MODEL_CARD.md',
  'runbooks': 'docs/runbooks/runbook.md',
  'reproducibility/no-environment': 'requirements.txt',
  'reproducibility/python-version-unstated': '.python-version',
  'secrets/env-not-ignored': '.gitignore',
  'secrets/no-env-example': '.env.example',
  'licensing/no-license': 'LICENSE',
  'licensing/no-third-party-notice': 'NOTICE',
  'ownership/no-codeowners': '.github/CODEOWNERS',
  'ownership/no-readme': 'README.md',
  'ownership/no-onboarding-guide': 'HANDOVER.md',
  'living-docs/no-changelog': 'CHANGELOG.md',
  'handover-manifest': 'handover.yml',
  'data-protection/no-handling-document': 'DATA_HANDLING.md',
  'tests/no-ci': '.github/workflows/ci.yml',
  'infrastructure/no-infrastructure': 'Dockerfile',
  'infrastructure/no-externalised-config': '.env.example',
  'infrastructure/access-not-listed': 'docs/access.md',
};

/** Where repository-level findings go when no file is expected: the first file a reader opens. */
export const DEFAULT_ROOT_FILE = 'README.md';

export interface Anchor {
  path: string;
  /** `expected-file`: where the artifact belongs; `root-file`: the repository's README. */
  kind: 'expected-file' | 'root-file';
}

export function anchorFor(checkId: string, findingId: string, rootFile: string): Anchor {
  const expected = EXPECTED_FILE[`${checkId}/${findingId}`] ?? EXPECTED_FILE[checkId];
  return expected ? { path: expected, kind: 'expected-file' } : { path: rootFile, kind: 'root-file' };
}

/** The README at the root that the report's evidence names (README.md, README.rst, …), else README.md. */
export function rootFileOf(report: Report): string {
  const readmes = report.checks.flatMap((check) => check.evidence.map((item) => item.path)).filter((path) => /^readme(?:\.[A-Za-z0-9]+)?$/i.test(path));
  return readmes.includes(DEFAULT_ROOT_FILE) || readmes.length === 0 ? DEFAULT_ROOT_FILE : readmes.sort()[0];
}
