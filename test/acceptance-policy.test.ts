// Waivers and custom checks in the buyer's policy (the acceptance workflow).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { parsePolicyText, PolicyError } from '../src/policy/load-policy.js';
import type { BuyerPolicy } from '../src/policy/policy.js';
import { FIXTURES, makeTree, scanDir } from './helpers.js';

const builtIn = new Set(CHECKS.map((check) => check.id));
const notebookDump = path.join(FIXTURES, 'notebook-dump');
const complete = path.join(FIXTURES, 'complete-handover');
const today = new Date('2026-06-15T12:00:00Z');

describe('waivers', () => {
  const gate: BuyerPolicy = { minScore: 0, required: ['decision-records'] };

  it('a fresh waiver keeps the real status and score but does not fail the gate', async () => {
    const report = await scanDir(notebookDump, {
      now: today,
      policy: { ...gate, waivers: [{ check: 'decision-records', reason: 'ADRs due at pilot', approvedBy: 'buyer CTO', expires: '2026-06-15' }] },
    });
    const check = report.checks.find((c) => c.id === 'decision-records')!;
    expect(check.status).toBe('fail');
    expect(check.score).toBe(0);
    expect(check.waivers).toEqual([{ reason: 'ADRs due at pilot', approvedBy: 'buyer CTO', expires: '2026-06-15', expired: false }]);
    expect(report.gate.failedRequired).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it('an expired waiver fails the gate with a finding naming it and its expiry', async () => {
    const report = await scanDir(notebookDump, {
      now: today,
      policy: { ...gate, waivers: [{ check: 'decision-records', reason: 'ADRs due at pilot', approvedBy: 'buyer CTO', expires: '2026-06-14' }] },
    });
    const check = report.checks.find((c) => c.id === 'decision-records')!;
    expect(report.passed).toBe(false);
    expect(report.gate.reasons).toContain('waiver for decision-records expired on 2026-06-14');
    expect(check.findings.find((f) => f.id === 'waiver-expired')?.message).toMatch(/expired on 2026-06-14/);
  });

  it('a criterion waiver exempts only that criterion', async () => {
    const dir = makeTree({
      'docs/adr/0001-a.md': '# 1. A\n\n## Status\n\nAccepted\n\n## Context\n\nA context that is long enough to count as real content.\n\n## Decision\n\nWe will take the decision that is described here in enough words.\n\n## Consequences\n\nConsequences are described here with enough words to count.\n',
    });
    const without = await scanDir(dir, { now: today, policy: gate });
    expect(without.passed).toBe(false);
    const waivePresent = await scanDir(dir, {
      now: today,
      policy: { ...gate, waivers: ['present', 'dated', 'numbered'].map((criterion) => ({ check: 'decision-records', criterion, reason: 'one ADR is enough for the pilot', approvedBy: 'PMO', expires: '2027-01-01' })) },
    });
    expect(waivePresent.checks[0].score).toBe(without.checks[0].score);
    expect(waivePresent.gate.failedRequired).toEqual([]);
  });

  it('a waiver that matches nothing is a visible warning', async () => {
    const report = await scanDir(notebookDump, {
      now: today,
      policy: { waivers: [{ check: 'decision-records', criterion: 'presnt', reason: 'typo', approvedBy: 'x', expires: '2027-01-01' }, { check: 'no-such-check', reason: 'typo', approvedBy: 'x', expires: '2027-01-01' }] },
    });
    expect(report.policy.notes).toEqual(expect.arrayContaining([expect.stringMatching(/decision-records\/presnt matches no criterion/), expect.stringMatching(/no-such-check matches no check/)]));
  });

  it('waivers inside the scanned repository are ignored, with a warning', async () => {
    const dir = makeTree({ '.ml-handover.yml': 'waivers:\n  - check: decision-records\n    reason: trust me\n    approvedBy: vendor\n    expires: 2099-01-01\n' });
    const report = await scanDir(dir, { now: today, policy: gate });
    expect(report.checks[0].waivers).toBeUndefined();
    expect(report.passed).toBe(false);
    expect(report.policy.notes).toContainEqual(expect.stringMatching(/waivers ignored: waivers are the buyer's alone/));
  });

  it('requires an expiry date in the schema', () => {
    expect(() => parsePolicyText('waivers:\n  - check: decision-records\n    reason: x y z\n    approvedBy: a\n', 'p.yml', builtIn)).toThrow(/missing required property "expires"/);
    expect(() => parsePolicyText('waivers:\n  - {check: decision-records, reason: abc, approvedBy: a, expires: soon}\n', 'p.yml', builtIn)).toThrow(/must match format "date"/);
  });
});

describe('custom checks declared in the policy', () => {
  const policyText = `
minScore: 0
customChecks:
  - id: security-review
    title: Security review signed off
    required: true
    weight: 2
    remediation: Add the signed security review to docs/security/.
    rules:
      - kind: headings
        file: "{docs/security/review.md,MODEL_CARD.md}"
        headings: [Intended Use, Training Data]
        minWords: 5
      - kind: schema
        file: "mlruns/models/*/meta.yaml"
        schema: { type: object, required: [name], properties: { name: { type: string } } }
      - kind: files
        glob: "docs/adr/*.md"
        min: 3
      - kind: not-contains
        file: "**/*.py"
        pattern: "verify=False"
`;
  const policy = parsePolicyText(policyText, 'policy.yml', builtIn);

  it('appear in the report and gate like built-in checks', async () => {
    const dump = await scanDir(notebookDump, { policy });
    const custom = dump.checks.find((c) => c.id === 'security-review')!;
    expect(custom).toMatchObject({ status: 'fail', required: true, weight: 2 });
    expect(dump.gate.failedRequired).toContain('security-review');
    expect(custom.findings.map((f) => f.id)).toContain('rule-not-met');
    expect(custom.findings[0].remediation).toBe('Add the signed security review to docs/security/.');
  });

  it('pass on the complete fixture', async () => {
    const report = await scanDir(complete, { policy });
    const custom = report.checks.find((c) => c.id === 'security-review')!;
    expect(custom.criteria.map((c) => [c.id, c.value])).toEqual([
      ['rule-1', 1],
      ['rule-2', custom.criteria[1].value],
      ['rule-3', 1],
      ['rule-4', 1],
    ]);
    expect(custom.criteria[0].value).toBe(1);
  });

  it('evaluate contains/not-contains with bounded time, and never execute anything', async () => {
    const dir = makeTree({ 'docs/dpa.md': 'Data processing record\n', 'docs/evil.md': 'a'.repeat(40) + '!' });
    const evil = parsePolicyText('customChecks:\n  - id: dpa\n    title: DPA\n    rules:\n      - {kind: contains, file: docs/evil.md, pattern: "^(a+)+$", regex: true}\n      - {kind: contains, file: docs/dpa.md, pattern: "Data processing record"}\n', 'p.yml', builtIn);
    const started = Date.now();
    const report = await scanDir(dir, { policy: evil });
    expect(Date.now() - started).toBeLessThan(10_000);
    const custom = report.checks.find((c) => c.id === 'dpa')!;
    expect(custom.findings.map((f) => f.id)).toContain('rule-not-evaluable');
    expect(custom.criteria[1].value).toBe(1);
  });

  it('are validated: bad kinds, ids colliding with built-ins, bad patterns and schemas', () => {
    const attempt = (text: string) => {
      try {
        parsePolicyText(text, 'p.yml', builtIn);
        return 'accepted';
      } catch (error) {
        return (error as PolicyError).message;
      }
    };
    expect(attempt('customChecks:\n  - id: decision-records\n    title: x\n    rules: [{kind: files, glob: "*"}]\n')).toMatch(/p\.yml:2:9: custom check "decision-records" has the id of a built-in check/);
    expect(attempt('customChecks:\n  - id: x\n    title: x\n    rules: [{kind: run, command: "rm -rf /"}]\n')).toMatch(/p\.yml:4:\d+: .*expected one of "files", "headings", "schema", "contains", "not-contains"/);
    expect(attempt('customChecks:\n  - id: x\n    title: x\n    rules:\n      - {kind: contains, file: a, pattern: "(", regex: true}\n')).toMatch(/p\.yml:5:\d+: custom check "x" rule 1: invalid pattern/);
    expect(attempt('customChecks:\n  - id: x\n    title: x\n    rules:\n      - {kind: schema, file: a, schema: {type: 12}}\n')).toMatch(/rule 1: schema does not compile/);
    expect(attempt('required: [x]\ncustomChecks:\n  - id: x\n    title: x\n    rules: [{kind: files, glob: "*"}]\n')).toBe('accepted');
  });
});
