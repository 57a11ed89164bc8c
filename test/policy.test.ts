import { describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { parsePolicyText, PolicyError } from '../src/policy/load-policy.js';
import { MILESTONES, MILESTONE_IDS } from '../src/policy/milestones.js';
import { resolvePolicy } from '../src/policy/resolve-policy.js';
import { makeTree, scanDir } from './helpers.js';

const known = new Set(CHECKS.map((check) => check.id));
const ids = CHECKS.map((check) => check.id);

function policyError(text: string): PolicyError {
  try {
    parsePolicyText(text, 'buyer-policy.yml', known);
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error('expected a PolicyError');
}

describe('policy validation', () => {
  it('accepts a full policy', () => {
    const policy = parsePolicyText(
      ['version: 1', 'milestone: pilot', 'minScore: 65', 'required: [decision-records]', 'checks:', '  decision-records:', '    weight: 3', '    minScore: 8', '    locations: [architecture/decisions]'].join('\n'),
      'p.yml',
      known,
    );
    expect(policy).toMatchObject({ milestone: 'pilot', minScore: 65, checks: { 'decision-records': { weight: 3, minScore: 8 } } });
  });

  it('names file, line and column of a type error', () => {
    const error = policyError('version: 1\nminScore: high\n');
    expect(error.message).toBe('buyer-policy.yml:2:11: minScore: must be number');
    expect([error.line, error.column]).toEqual([2, 11]);
  });

  it('names the line of an unknown property and of an unknown milestone', () => {
    expect(policyError('checks:\n  decision-records:\n    wieght: 2\n').message).toMatch(/^buyer-policy\.yml:3:5: checks\.decision-records: unknown property "wieght"/);
    expect(policyError('milestone: launch\n').message).toMatch(/^buyer-policy\.yml:1:12: milestone: expected one of "discovery", "pilot", "production", "handover"/);
  });

  it('rejects an unknown check id at its line (a typo must not drop a requirement)', () => {
    expect(policyError('required:\n  - decision-record\n').message).toMatch(/^buyer-policy\.yml:2:5: unknown check "decision-record"/);
    expect(policyError('checks:\n  runbookz: {weight: 1}\n').message).toMatch(/^buyer-policy\.yml:2:3: unknown check "runbookz"/);
  });

  it('reports YAML syntax errors with position', () => {
    expect(policyError('minScore: [1, 2\n').message).toMatch(/^buyer-policy\.yml:\d+:\d+: not valid YAML\/JSON/);
  });

  it('accepts JSON policies too', () => {
    expect(parsePolicyText('{"minScore": 70, "milestone": "handover"}', 'p.json', known)).toEqual({ minScore: 70, milestone: 'handover' });
  });
});

describe('policy resolution', () => {
  it('milestone presets rise stage by stage and only name registered checks', () => {
    let previous = -1;
    let previousRequired: readonly string[] = [];
    for (const id of MILESTONE_IDS) {
      const milestone = MILESTONES[id];
      expect(milestone.minScore).toBeGreaterThan(previous);
      for (const check of previousRequired) expect(milestone.required).toContain(check);
      for (const check of milestone.required) expect(known.has(check), `${id} names unknown check ${check}`).toBe(true);
      previous = milestone.minScore;
      previousRequired = milestone.required;
    }
  });

  it('applies defaults < milestone < policy file < command line', () => {
    expect(resolvePolicy({}, ids).minScore).toBe(60);
    expect(resolvePolicy({ milestone: 'handover' }, ids).minScore).toBe(80);
    expect(resolvePolicy({ milestone: 'handover', policy: { minScore: 75 } }, ids).minScore).toBe(75);
    expect(resolvePolicy({ milestone: 'handover', policy: { minScore: 75 }, minScore: 90 }, ids).minScore).toBe(90);
    const policy = resolvePolicy({ policy: { milestone: 'discovery', checks: { 'decision-records': { required: false } } } }, ids);
    expect(policy.required).not.toContain('decision-records');
    expect(resolvePolicy({ milestone: 'discovery' }, ids).required).toContain('decision-records');
  });

  it('gives each distinct gate a distinct digest', () => {
    const a = resolvePolicy({ policyDigest: 'sha256:a' }, ids).digest;
    expect(resolvePolicy({ policyDigest: 'sha256:a' }, ids).digest).toBe(a);
    expect(resolvePolicy({ policyDigest: 'sha256:a', minScore: 10 }, ids).digest).not.toBe(a);
  });
});

describe('repo-local config (trust boundary)', () => {
  const adr = (n: number) => `# ${n}. Decision ${n}\n\nDate: 2025-0${n}-01\n\n## Status\n\nAccepted\n\n## Context\n\nThe context of this decision is explained here in enough words to count.\n\n## Decision\n\nWe will do the thing that this record describes, in enough words to count.\n\n## Consequences\n\nThings become easier and some become harder; this is written in enough words.\n`;

  it('cannot lower weights, thresholds or requirements, but may add locations', async () => {
    const dir = makeTree({
      '.ml-handover.yml': [
        'minScore: 0',
        'milestone: discovery',
        'required: []',
        'locations:',
        '  decision-records: [architecture/records]',
        'checks:',
        '  decision-records:',
        '    weight: 0',
        '    minScore: 0',
        '    required: false',
        '    locations: [more/records]',
      ].join('\n'),
      'architecture/records/0001-a.md': adr(1),
      'more/records/0002-b.md': adr(2),
    });
    const report = await scanDir(dir, { policy: { milestone: 'handover', minScore: 99 } });
    expect(report.gate.minScore).toBe(99);
    expect(report.milestone).toBe('handover');
    const check = report.checks.find((c) => c.id === 'decision-records')!;
    expect(check.required).toBe(true);
    expect(check.weight).toBeGreaterThan(0);
    expect(check.passScore).toBe(7);
    // The locations were honoured: both records were found.
    expect(check.evidence.map((e) => e.path)).toEqual(['architecture/records/0001-a.md', 'more/records/0002-b.md']);
    expect(report.policy.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/"minScore" ignored/),
        expect.stringMatching(/"milestone" ignored/),
        expect.stringMatching(/checks\.decision-records\.weight ignored/),
        expect.stringMatching(/checks\.decision-records\.required ignored/),
      ]),
    );
    expect(report.passed).toBe(false);
  });
});
