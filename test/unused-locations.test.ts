// Locations given to a check that finds its artifacts by format anywhere in the tree cannot change what it
// sees: the report says so instead of taking a setting that silently does nothing.
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { explainCheck } from '../src/cli/explain.js';
import { makeTree, scanDir } from './helpers.js';

describe('locations a check does not use', () => {
  it('become a note naming the check and where the locations came from', async () => {
    const dir = makeTree({
      '.ml-handover.yml': 'locations:\n  secrets: ["config/**"]\n  runbooks: ["ops/**/*.md"]\n',
      'README.md': '# Churn model\n',
    });
    const report = await scanDir(dir, { policy: { checks: { 'experiment-tracking': { locations: ['results/**'] }, 'model-card': { locations: ['cards/*.md'] } } } });
    const notes = report.policy.notes.filter((note) => note.startsWith('locations for'));
    expect(notes).toEqual([
      "locations for experiment-tracking (from the buyer's policy) are not used: it finds MLflow, W&B and other tracker stores by their own file formats anywhere in the tree.",
      'locations for secrets (from the repository config) are not used: it scans every text file of the tree (likeliest places first) and the git history.',
    ]);
  });

  it('no note for what handover.yml declares: it is verified by the handover-manifest check', async () => {
    const dir = makeTree({
      'handover.yml': 'version: 1\nartifacts:\n  experiment-tracking: [mlruns/]\n',
      'mlruns/0/meta.yaml': 'name: Default\n',
    });
    const report = await scanDir(dir);
    expect(report.policy.notes.filter((note) => note.startsWith('locations for'))).toEqual([]);
  });

  it('no note when the checks that use locations get them', async () => {
    const dir = makeTree({ 'README.md': '# Churn model\n' });
    const report = await scanDir(dir, { policy: { checks: { runbooks: { locations: ['ops/**/*.md'] } } } });
    expect(report.policy.notes.filter((note) => note.startsWith('locations for'))).toEqual([]);
  });

  it('explain says which checks take locations and which do not', () => {
    expect(explainCheck(CHECKS, 'licensing')).toContain('Extra locations (policy, .ml-handover.yml): not used, it finds licence files');
    expect(explainCheck(CHECKS, 'runbooks')).toContain('Extra locations: checks.runbooks.locations in the policy');
  });

  it('only checks that really ignore their context locations declare it', () => {
    // A check that declares locationsUnused must not read context.locations (checked in its source).
    for (const check of CHECKS.filter((candidate) => candidate.locationsUnused)) expect(check.run.toString()).not.toMatch(/locations/);
  });
});
