import path from 'node:path';
import { describe, expect, it } from 'vitest';
import runbooks from '../checks/runbooks.js';
import type { CheckOutcome } from '../src/check.js';
import { FIXTURES, findingIds, runCheck, runRaw } from './helpers.js';

type Judged = Extract<CheckOutcome, { status: 'judged' }>;

async function judged(files: Parameters<typeof runRaw>[1], locations: string[] = []): Promise<Judged> {
  const outcome = await runRaw(runbooks, files, locations);
  if (outcome.status !== 'judged') throw new Error('expected a judged outcome');
  return outcome;
}

const FULL_DEPLOY = `## Deploy

Access: the \`ml-operator\` kube context in namespace \`churn\`. Deploy the approved model version:

1. Check which version holds the alias \`champion\` today.
2. Release the image for the version:

   \`\`\`bash
   make deploy IMAGE_TAG=4f3a995
   \`\`\`

3. Verify with the smoke test, which checks the health endpoint and the loaded version:

   \`\`\`bash
   scripts/smoke_test.sh
   \`\`\`
`;

const FULL_ROLLBACK = `## Rollback

Repoint the \`champion\` alias to the previous version; the service loads the alias, so nothing is
redeployed. The previous version stays in the registry with its artifacts.

1. Run the rollback script with the version to return to:

   \`\`\`bash
   scripts/rollback.sh 1
   \`\`\`

2. Verify that the previous version is serving with the smoke test: \`scripts/smoke_test.sh\`.
`;

const SCRIPTS = {
  Makefile: '.PHONY: deploy train\n\ndeploy:\n\thelm upgrade --install api chart/\n\ntrain:\n\tdvc repro train\n',
  'scripts/smoke_test.sh': '#!/bin/sh\ncurl -fsS "$URL/healthz"\n',
  'scripts/rollback.sh': '#!/bin/sh\necho rollback\n',
};

describe('runbooks on the fixtures', () => {
  it('passes the complete handover: every topic covered with commands that exist', async () => {
    const result = await runCheck(runbooks, path.join(FIXTURES, 'complete-handover'));
    expect(result.status).toBe('pass');
    expect(result.score).toBeGreaterThanOrEqual(7);
    for (const criterion of result.criteria) expect(criterion.value, criterion.id).toBeGreaterThanOrEqual(0.7);
    const ids = findingIds(result);
    expect(ids.filter((id) => id.startsWith('missing-'))).toEqual([]);
    expect(ids).not.toContain('empty-section');
    const topics = result.evidence.filter((item) => item.kind === 'runbook-topic').map((item) => item.note!.split(' ')[0]);
    expect(new Set(topics)).toEqual(new Set(['deploy', 'rollback', 'retraining', 'monitoring', 'diagnosis', 'escalation']));
    expect(result.evidence.filter((item) => item.kind === 'runbook').map((item) => item.path)).toContain('docs/runbooks/rollback.md');
  });

  it('fails the notebook dump with a remediation', async () => {
    const result = await runCheck(runbooks, path.join(FIXTURES, 'notebook-dump'));
    expect(result.status).toBe('fail');
    expect(result.score).toBe(0);
    expect(findingIds(result)).toEqual(['no-runbooks']);
    expect(result.findings[0].remediation).toMatch(/docs\/runbooks/);
  });

  it('names the missing rollback script and the empty rollback heading of the partial delivery by line', async () => {
    const result = await runCheck(runbooks, path.join(FIXTURES, 'partial-delivery'));
    expect(result.status).toBe('fail');
    expect(result.findings).toContainEqual(expect.objectContaining({ id: 'missing-script', path: 'RUNBOOK.md', line: 21 }));
    expect(result.findings).toContainEqual(expect.objectContaining({ id: 'empty-section', path: 'RUNBOOK.md', line: 24 }));
    // deploy.sh exists and is not reported
    expect(result.findings.filter((finding) => finding.id === 'missing-script')).toHaveLength(1);
    expect(result.criteria.find((criterion) => criterion.id === 'deploy')!.value).toBeGreaterThanOrEqual(0.7);
  });
});

describe('runbook topics', () => {
  it('scores the topics present and reports each absent one', async () => {
    const outcome = await judged({ 'RUNBOOK.md': `# Churn API runbook\n\n${FULL_DEPLOY}\n${FULL_ROLLBACK}`, ...SCRIPTS });
    expect(outcome.criteria.deploy).toBeGreaterThanOrEqual(0.7);
    expect(outcome.criteria.rollback).toBeGreaterThanOrEqual(0.7);
    for (const topic of ['retraining', 'monitoring', 'diagnosis', 'escalation']) expect(outcome.criteria[topic], topic).toBe(0);
    const ids = findingIds(outcome);
    expect(ids).toEqual(expect.arrayContaining(['missing-retraining', 'missing-monitoring', 'missing-diagnosis', 'missing-escalation']));
    expect(ids).not.toContain('missing-deploy');
    expect(ids).not.toContain('missing-rollback');
    expect(outcome.criteria.references).toBe(1);
  });

  it('reads one topic per file in docs/runbooks/, by heading or by file name', async () => {
    const outcome = await judged({
      'docs/runbooks/retrain.md': `# Monthly model refresh

Trigger: the scheduled workflow runs monthly, or when the drift alert fires three days in a row.
The data snapshot is the DVC revision of data/customers.parquet committed on the retrain branch.

\`\`\`bash
make train
\`\`\`

The evaluation gate: PR-AUC >= 0.70 on the newest holdout month, and no worse than the champion.
The model owner approves the run; then the version is registered with the alias challenger.
`,
      'docs/runbooks/contacts.md': `# Who to call

- Model owner: Priya Raman, priya@example.com, Slack #ml-oncall (on-call rotation, business hours)
- Platform team: PagerDuty service "platform", SEV1 answered within 15 minutes
`,
      ...SCRIPTS,
    });
    expect(outcome.criteria.retraining).toBeGreaterThanOrEqual(0.9);
    expect(outcome.criteria.escalation).toBeGreaterThanOrEqual(0.7);
    const retraining = outcome.evidence.find((item) => item.kind === 'runbook-topic' && item.note!.startsWith('retraining'))!;
    expect(retraining.note).toContain('trigger, data, command, gate, approver, registration');
  });

  it('gives heading-only sections a low score and names each empty heading', async () => {
    const skeleton = `# Runbook

## Deploy

## Rollback

TODO

## Retraining

_Describe the trigger, data snapshot, command, evaluation gate, approver and registration._

## Monitoring and alerts

TBD

## Troubleshooting

## Escalation

[More Information Needed]
`;
    const result = await runCheck(runbooks, { 'docs/runbooks/RUNBOOK.md': skeleton });
    expect(result.score).toBeLessThan(1);
    expect(result.status).toBe('fail');
    const empty = result.findings.filter((finding) => finding.id === 'empty-section');
    expect(empty.map((finding) => finding.line)).toEqual([3, 5, 9, 13, 17, 19]);
    expect(empty[2].remediation).toMatch(/evaluation gate/);
    expect(findingIds(result)).toContain('no-commands');
  });

  it('scores a thin section below a complete one and says what is missing', async () => {
    const outcome = await judged({ 'RUNBOOK.md': '# Ops\n\n## Rollback\n\nRoll back to the previous version if the smoke test fails after a deploy.\n', ...SCRIPTS });
    expect(outcome.criteria.rollback).toBeGreaterThan(0);
    expect(outcome.criteria.rollback).toBeLessThan(0.4);
    const thin = outcome.findings.find((finding) => finding.id === 'incomplete-topic')!;
    expect(thin).toMatchObject({ path: 'RUNBOOK.md', line: 3, severity: 'warning' });
    expect(thin.message).toMatch(/rollback command/);
  });

  it('finds runbooks in the conventional places and in policy locations', async () => {
    const tree = {
      'OPERATIONS.md': `# Operations\n\n${FULL_DEPLOY}`,
      'docs/operations/oncall.md': '# On-call\n\nEscalate to #ml-oncall; the on-call rotation answers SEV1 within 15 minutes.\n',
      // Prose with one command, not a procedure by its content: only the policy location makes it a runbook.
      'ops/handbook.md': '# Handbook\n\n## Rollback\n\nRepoint the `champion` alias to the previous version with `scripts/rollback.sh 1`, then run the smoke test.\n',
      ...SCRIPTS,
    };
    const without = await judged(tree);
    expect(without.evidence.filter((item) => item.kind === 'runbook').map((item) => item.path)).toEqual(['OPERATIONS.md', 'docs/operations/oncall.md']);
    const withPolicy = await judged(tree, ['ops']);
    expect(withPolicy.evidence.filter((item) => item.kind === 'runbook').map((item) => item.path)).toContain('ops/handbook.md');
    expect(withPolicy.criteria.rollback).toBeGreaterThan(without.criteria.rollback);
  });
});

describe('runbook references', () => {
  it('reports each missing script, Make target, module and DVC stage with file and line', async () => {
    const runbook = `# Runbook

## Retraining

Run the monthly retraining, then register the model:

\`\`\`bash
make retrain
dvc repro train_model
python -m churn.train --config configs/train.yaml
bash scripts/register.sh
\`\`\`

See [the old notes](../notes/retraining.md) and \`scripts/backfill.py\`.
`;
    const outcome = await judged({
      'docs/runbooks/retraining.md': runbook,
      Makefile: 'train:\n\tdvc repro train\n',
      'dvc.yaml': 'stages:\n  train:\n    cmd: python -m churn.train\n',
      'churn/__init__.py': '',
    });
    const found = outcome.findings
      .filter((finding) => finding.id.startsWith('missing-') && finding.path === 'docs/runbooks/retraining.md')
      .map((finding) => [finding.id, finding.line]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['missing-make-target', 8],
        ['missing-dvc-stage', 9],
        ['missing-module', 10],
        ['missing-script', 10], // configs/train.yaml
        ['missing-script', 11], // scripts/register.sh
        ['missing-script', 14], // the relative link and scripts/backfill.py
      ]),
    );
    expect(outcome.findings.find((finding) => finding.id === 'missing-make-target')!.message).toMatch(/Makefile has no target "retrain"/);
    expect(outcome.findings.filter((finding) => finding.id === 'missing-script' && finding.line === 14)).toHaveLength(2);
    expect(outcome.criteria.references).toBe(0);
  });

  it('accepts references that resolve, and ignores system tools, third-party modules, outputs and placeholders', async () => {
    const runbook = `# Runbook

## Deploy

\`\`\`console
$ make -C services/api deploy IMAGE_TAG=abc123
$ uv run python -m churn.serve --port 8080
$ python -m pytest tests/
$ kubectl apply -f k8s/deployment.yaml
$ kubectl -n ml rollout status deployment/churn-api
$ make register RUN_ID=<mlflow run id>
$ ./scripts/smoke_test.sh > reports/smoke.txt
$ /usr/local/bin/helm version
$ docker run -v $(pwd):/app churn:latest
$ dvc repro
\`\`\`

Outputs land in \`reports/evaluation.json\`; the model is pulled to \`models/model.pkl\`. See [the ADR](../docs/adr/0001-x.md).
`;
    const outcome = await judged({
      'docs/RUNBOOK.md': runbook,
      'services/api/Makefile': 'deploy:\n\thelm upgrade api .\n',
      Makefile: 'register:\n\tpython -m churn.registry\n',
      'src/churn/serve.py': '',
      'src/churn/__init__.py': '',
      'k8s/deployment.yaml': 'kind: Deployment\n',
      'scripts/smoke_test.sh': '#!/bin/sh\n',
      'dvc.yaml': 'stages: {}\n',
      'docs/adr/0001-x.md': '# 1. X\n',
    });
    const missing = outcome.findings.filter((finding) => finding.id.startsWith('missing-') && finding.criterion === 'references');
    expect(missing).toEqual([]);
    expect(outcome.criteria.references).toBe(1);
  });

  it('a file of another repository named in inline code is not a missing script of this one (#17)', async () => {
    const runbook = [
      '# Rebuilding the search cluster',
      '',
      '## Rollback',
      '',
      '1. Restore the snapshot with `scripts/restore-index.sh`.',
      '2. If the cluster is recreated, update `search_url` in `platform-infrastructure/terraform/deployments/variables-integration.yaml`.',
      '3. Check the health page.',
      '',
    ].join('\n');
    const outcome = await judged({ 'docs/runbooks/rebuild-search-cluster.md': runbook, 'app/search.rb': 'class Search; end\n' });
    expect(outcome.findings.filter((finding) => finding.id === 'missing-script').map((finding) => finding.message)).toEqual(['`scripts/restore-index.sh`: scripts/restore-index.sh is not in the repository.']);
  });

  it('treats a Makefile with pattern rules or computed includes as able to define any target', async () => {
    const outcome = await judged({
      'RUNBOOK.md': '# Runbook\n\n## Deploy\n\n```sh\nmake deploy-prod\n```\n',
      Makefile: 'include $(wildcard mk/*.mk)\n',
    });
    expect(findingIds(outcome)).not.toContain('missing-make-target');
  });

  it('says when the Makefile itself is missing', async () => {
    const outcome = await judged({ 'RUNBOOK.md': '# Runbook\n\n## Deploy\n\nRun `make deploy` from the root.\n' });
    expect(outcome.findings).toContainEqual(expect.objectContaining({ id: 'missing-make-target', path: 'RUNBOOK.md', line: 5, message: expect.stringMatching(/there is no Makefile/) }));
  });
});

describe('what is not a runbook', () => {
  it('does not count Ansible playbooks, and says so', async () => {
    const result = await runCheck(runbooks, {
      'playbooks/site.yml': '- hosts: scoring\n  become: true\n  tasks:\n    - name: restart api\n      ansible.builtin.service: {name: churn-api, state: restarted}\n',
      'playbooks/deploy.yaml': '- name: deploy\n  hosts: all\n  roles:\n    - churn\n',
    });
    expect(result.score).toBe(0);
    expect(findingIds(result)).toEqual(expect.arrayContaining(['no-runbooks', 'not-a-runbook']));
    expect(result.findings.filter((finding) => finding.id === 'not-a-runbook').map((finding) => finding.path).sort()).toEqual(['playbooks/deploy.yaml', 'playbooks/site.yml']);
  });

  it('counts Markdown prose in playbooks/', async () => {
    const outcome = await judged({ 'playbooks/rollback.md': `# Rollback playbook\n\n${FULL_ROLLBACK}`, ...SCRIPTS });
    expect(outcome.criteria.rollback).toBeGreaterThanOrEqual(0.7);
  });

  it('survives binary, empty and hostile runbook files', async () => {
    const nested = '> '.repeat(5000) + 'deep\n' + '- '.repeat(5000) + 'list\n';
    const result = await runCheck(runbooks, {
      'docs/runbooks/binary.md': new Uint8Array([0x23, 0x20, 0x00, 0xff, 0xfe, 0x00]),
      'docs/runbooks/empty.md': '',
      'docs/runbooks/nested.md': nested + '`' + 'a/'.repeat(3000) + 'x.sh`\n',
    });
    expect(result.status).toBe('fail');
    expect(result.findings.every((finding) => finding.id !== 'check-crashed')).toBe(true);
  });

  it('stays fast on pathological text (no regex runs away)', async () => {
    const started = Date.now();
    const result = await runCheck(runbooks, {
      'docs/runbooks/blank.md': '\n'.repeat(300_000) + ' \t'.repeat(100_000),
      'docs/runbooks/long.md': '# Deploy\n\n```sh\n' + 'python '.repeat(60_000) + 'a'.repeat(200_000) + '\n```\n' + '_'.repeat(300_000) + '\n',
      'playbooks/site.yml': '\n'.repeat(60_000),
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(findingIds(result)).not.toContain('check-crashed');
  });
});

describe('runbooks recognised by what they hold, under other names and places', () => {
  const TURN_OFF_DOC = `# Turning the chat service off

## Prerequisites

You need the \`admin-area\` and \`admin-area-settings\` permissions on the sign-on service for the environment.

## Before you turn it off

Leave a message in the [Slack channel](https://example.slack.com/archives/C0539R9LD9P) before switching it off in an environment users depend on.
In production the API stops answering and clients receive 503s; staging only affects testers.

## How to turn the service off

1. visit the settings page of the admin interface
2. click the \`Edit\` link for \`API access\`
3. choose the \`Yes\` radio button and leave a comment for the audit trail
4. submit the form
`;

  it('counts an operations procedure in docs/ under its own name, and says why', async () => {
    const outcome = await judged({ 'docs/turning-chat-off.md': TURN_OFF_DOC, 'README.md': '# Chat\n\n## Installation\n\n1. clone\n2. `bundle install`\n' });
    const byContent = outcome.evidence.filter((e) => e.kind === 'runbook-by-content');
    expect(byContent.map((e) => e.path)).toEqual(['docs/turning-chat-off.md']);
    expect(byContent[0].note).toMatch(/4 ordered step/);
    expect(outcome.criteria.rollback).toBeGreaterThan(0);
    // "Leave a message in the team channel": the channel to tell counts towards escalation, as a mention.
    expect(outcome.criteria.escalation).toBeGreaterThan(0);
    expect(outcome.findings.map((f) => f.id)).not.toContain('no-runbooks');
  });

  it('counts a data-deletion procedure whose only step is a command block', async () => {
    const doc = '# Deleting opted-out user data\n\nWhen the app team tells us a user opted out, run the rake task below on production with the user id. It removes their rows from the analytics tables and logs what was removed so the request can be closed.\n\n```\nrake analytics:delete_opted_out_user["user-id"]\n```\n';
    const outcome = await judged({ 'docs/deleting-opted-out-user-data.md': doc });
    expect(outcome.evidence.filter((e) => e.kind === 'runbook-by-content').map((e) => e.path)).toEqual(['docs/deleting-opted-out-user-data.md']);
  });

  it('does not take an Installation README, a glossary, a decision record or an unfilled template for a runbook', async () => {
    const outcome = await judged({
      'README.md': '# Service\n\n## Installation\n\n1. Clone the repository.\n2. Run the setup:\n\n```bash\nmake install\n```\n\n## Deploying\n\nSee the platform docs.\n',
      'docs/glossary.md': '# Glossary\n\n- **Runbook**: a procedure to operate the service, e.g. how to roll back a release.\n- **Rollback**: returning to the previous version.\n1. one\n2. two\n',
      'docs/adr/0004-rollback-strategy.md': '# 4. Rollback strategy\n\n## Decision\n\nWe roll back by repointing the alias.\n\n1. step one of the decision\n2. step two of the decision\n\n```bash\nscripts/rollback.sh\n```\n',
      'docs/rollback-procedure.md': '# Rollback procedure\n\nTODO\n\n1. TBD\n2. TBD\n',
      'docs/installation/local.md': '# Local Development/Deployment\n\nRun the project on your machine with Docker; this sets up every service the app needs, including the database and the worker, for development and trying it out.\n\n```bash\ndocker compose up -d\n```\n\n## Shutting down the project\n\n```bash\ndocker compose down\n```\n',
      'docs/architecture.md': '# Architecture\n\nThe API talks to the search cluster and the model through a queue; each worker does one job.\n\n1. the API receives a question\n2. the worker answers it\n',
    });
    expect(outcome.evidence.filter((e) => e.kind === 'runbook-by-content')).toEqual([]);
    expect(outcome.findings.map((f) => f.id)).toContain('no-runbooks');
  });
});
