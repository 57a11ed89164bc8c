// Safeguards take nothing off for nothing (#18): the overall score is the artifact checks' mean scaled down by
// failing safeguards, so a safeguard that scored 0 because it had nothing to examine would penalise a delivery
// for artifacts that are simply absent. With nothing to examine it is skipped (or its criteria leave the weight)
// with the reason; where one side of a comparison exists without the other, that is a shortfall and still scores.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import consistency from '../checks/consistency.js';
import dataProtection from '../checks/data-protection.js';
import livingDocs from '../checks/living-docs.js';
import secrets from '../checks/secrets.js';
import type { CheckOutcome } from '../src/check.js';
import { FIXTURES, findingIds, makeTree, runCheck, runRaw, scanDir, tempDir } from './helpers.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const GATES = 'criteria:\n  - metric: PR-AUC\n    comparison: ">="\n    threshold: 0.7\n    dataset: holdout-2025Q2\n    split: test\n';
const TRAIN = 'import pandas as pd\nfrom sklearn.linear_model import LogisticRegression\n\nmodel = LogisticRegression().fit(X, y)\n';

function judged(outcome: CheckOutcome): Extract<CheckOutcome, { status: 'judged' }> {
  if (outcome.status !== 'judged') throw new Error(`expected a judged outcome, got skip: ${outcome.reason}`);
  return outcome;
}
const leftOut = (outcome: Extract<CheckOutcome, { status: 'judged' }>) => (outcome.notApplicable ?? []).map((entry) => entry.criterion);

describe('consistency: nothing to cross-check', () => {
  it('is skipped with the reason when no two artifacts could disagree (code and a README only)', async () => {
    const result = await runCheck(consistency, { 'README.md': '# Churn\n\nRun `python train.py`.\n', 'train.py': TRAIN });
    expect(result).toMatchObject({ status: 'skip', score: null, findings: [] });
    expect(result.summary).toMatch(/^Nothing to cross-check: .*so no two artifacts could disagree/);
  });

  it('judges only the comparison that has something on both sides: a declared dataset alone', async () => {
    const rows = 'id,plan\n1,PP-10\n';
    const outcome = judged(await runRaw(consistency, { 'train.py': TRAIN, 'data-manifest.yml': `datasets:\n  - name: plans\n    path: data/plans.csv\n    md5: ${md5(rows)}\n`, 'data/plans.csv': rows }));
    expect(outcome.criteria.datasets).toBe(1);
    expect(leftOut(outcome)).toEqual(['thresholds', 'reported', 'commits']);
    expect(outcome.notApplicable).toContainEqual({ criterion: 'commits', reason: 'no tracked run: no recorded commit to look up in the history' });
    // Nothing missing is reported for the comparisons that had no side at all.
    expect(findingIds(outcome)).not.toContain('no-commits-recorded');
    expect(findingIds(outcome)).not.toContain('datasets-not-cross-checkable');
  });

  it('keeps scoring a threshold that has no model or result to be checked against: a real shortfall', async () => {
    const outcome = judged(await runRaw(consistency, { 'train.py': TRAIN, 'evaluation/criteria.yml': GATES }));
    expect(outcome.criteria.thresholds).toBe(0);
    expect(leftOut(outcome)).not.toContain('thresholds');
    expect(findingIds(outcome)).toContain('no-selected-model');
  });

  it('on the notebook dump, leaves the overall score to the artifacts: the skip is listed in the coverage', async () => {
    const report = await scanDir(path.join(FIXTURES, 'notebook-dump'));
    for (const id of ['consistency', 'living-docs']) expect(report.checks.find((check) => check.id === id)).toMatchObject({ status: 'skip', score: null });
    expect(report.coverage.notApplicable).toEqual(expect.arrayContaining([{ id: 'consistency', reason: expect.stringMatching(/^Nothing to cross-check/) }, { id: 'living-docs', reason: expect.stringMatching(/^No documentation to keep current/) }]));
    expect(report.coverage.judged).not.toContain('consistency');
  });
});

describe('living-docs: no document to keep current', () => {
  it('is skipped with the reason', async () => {
    const result = await runCheck(livingDocs, { 'train.py': TRAIN, 'data/plans.csv': 'id,plan\n1,PP-10\n' });
    expect(result).toMatchObject({ status: 'skip', score: null, findings: [] });
    expect(result.summary).toMatch(/^No documentation to keep current/);
  });

  it('judges a single README (it can be out of date)', async () => {
    const result = await runCheck(livingDocs, { 'README.md': '# Churn\n\nTrain with `python train.py`.\n', 'train.py': TRAIN });
    expect(result.status).not.toBe('skip');
  });
});

describe('secrets and data-protection: nothing to scan', () => {
  it('an empty folder: neither is scored clean, both leave the scanning criteria with the reason', async () => {
    const dir = tempDir('mlh-safeguards-empty-');
    const tree = judged(await runRaw(secrets, dir));
    expect(tree.notApplicable).toEqual([{ criterion: 'tree', reason: 'no text file in the working tree to scan' }]);
    const data = judged(await runRaw(dataProtection, dir));
    expect(data.notApplicable).toEqual([{ criterion: 'clean', reason: expect.stringMatching(/^no data file/) }]);
  });

  it('a tree of binary files only: nothing read, so the tree is not scored clean', async () => {
    const outcome = judged(await runRaw(secrets, makeTree({ 'model.bin': new Uint8Array([0, 1, 2, 0, 255, 0, 7]) })));
    expect(leftOut(outcome)).toContain('tree');
  });
});
