// The Action's public contract: action.yml declares exactly the inputs and outputs pipelines depend on,
// and the README text and example workflows use only what it declares.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUNDLE_BANNER, ENTRIES } from '../scripts/bundle.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const INPUTS = ['path', 'policy', 'milestone', 'min-score', 'profiles', 'fail-on', 'comment', 'issue', 'issue-title', 'sarif-file', 'report-file', 'github-token'];
const OUTPUTS = ['score', 'grade', 'passed', 'failed-checks', 'report-file', 'sarif-file'];

interface ActionManifest {
  name: string;
  description: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const manifest = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionManifest;

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

/** Every step that uses this Action, in a workflow document. */
function ourSteps(workflow: { jobs?: Record<string, { steps?: Step[] }> }): Step[] {
  return Object.values(workflow.jobs ?? {}).flatMap((job) => (job.steps ?? []).filter((step) => step.uses?.startsWith('ml-handover/ml-handover@')));
}

describe('action.yml', () => {
  it('declares exactly the agreed inputs, with descriptions and defaults', () => {
    expect(Object.keys(manifest.inputs)).toEqual(INPUTS);
    for (const input of Object.values(manifest.inputs)) expect(input.description.length).toBeGreaterThan(20);
    expect(manifest.inputs.path.default).toBe('.');
    expect(manifest.inputs['fail-on'].default).toBe('gate');
    expect(manifest.inputs.comment.default).toBe('true');
    expect(manifest.inputs.issue.default).toBe('false');
    expect(manifest.inputs['issue-title'].default).toBe('');
    expect(manifest.inputs['github-token'].default).toBe('${{ github.token }}');
  });

  it('declares exactly the agreed outputs', () => {
    expect(Object.keys(manifest.outputs)).toEqual(OUTPUTS);
    for (const output of Object.values(manifest.outputs)) expect(output.description.length).toBeGreaterThan(5);
  });

  it('runs the committed bundle on the newest Node runtime, with branding', () => {
    expect(manifest.runs).toEqual({ using: 'node24', main: 'dist/action.js' });
    expect(manifest.branding.icon).toBeTruthy();
    expect(manifest.branding.color).toBeTruthy();
    // dist/ and the end-to-end tests' bundle come from the same function (scripts/bundle.mjs).
    expect(ENTRIES.action).toBe('src/action/main.ts');
    expect(readFileSync(path.join(ROOT, 'scripts/build.mjs'), 'utf8')).toMatch(/await bundle\(\{ root, outdir \}\)/);
    expect(readFileSync(path.join(ROOT, 'dist/action.js'), 'utf8').startsWith(BUNDLE_BANNER)).toBe(true);
  });
});

describe('workflows in the docs and examples', () => {
  const quickStart = /```yaml\n([\s\S]*?)```/.exec(readFileSync(path.join(ROOT, 'docs/action.md'), 'utf8'))![1];

  it('the README quick start is ten lines, gates a milestone, uploads SARIF and may comment', () => {
    expect(quickStart.trimEnd().split('\n')).toHaveLength(10);
    const workflow = parse(quickStart);
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'security-events': 'write' });
    const [step] = ourSteps(workflow);
    expect(step.with).toEqual({ milestone: 'pilot', 'sarif-file': 'handover.sarif' });
    const upload = workflow.jobs.handover.steps.find((candidate: Step) => candidate.uses?.startsWith('github/codeql-action/upload-sarif'));
    expect(upload.with.sarif_file).toBe('handover.sarif');
  });

  const examples = readdirSync(path.join(ROOT, 'examples/workflows')).filter((file) => file.endsWith('.yml'));

  it('has the three example workflows', () => {
    expect(examples.sort()).toEqual(['gate-milestone.yml', 'pr-report.yml', 'weekly-audit.yml']);
  });

  it.each(examples)('%s parses and passes only declared inputs', (file) => {
    const workflow = parse(readFileSync(path.join(ROOT, 'examples/workflows', file), 'utf8'));
    const steps = ourSteps(workflow);
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) for (const input of Object.keys(step.with ?? {})) expect(INPUTS).toContain(input);
  });

  it('the weekly audit runs a matrix over repositories and the tag gate runs on tags and releases', () => {
    const audit = parse(readFileSync(path.join(ROOT, 'examples/workflows/weekly-audit.yml'), 'utf8'));
    expect(audit.on.schedule[0].cron).toBeTruthy();
    expect(audit.jobs.audit.strategy.matrix.include.length).toBeGreaterThan(1);
    // One tracking issue per engagement: the title (the issue's key) differs per matrix entry.
    const [auditStep] = ourSteps(audit);
    expect(auditStep.with).toMatchObject({ issue: true, 'issue-title': expect.stringContaining('${{ matrix.name }}'), 'fail-on': 'never' });
    expect(audit.permissions.issues).toBe('write');
    const gate = parse(readFileSync(path.join(ROOT, 'examples/workflows/gate-milestone.yml'), 'utf8'));
    expect(gate.on.push.tags).toBeTruthy();
    expect(gate.on.release.types).toContain('published');
  });
});
