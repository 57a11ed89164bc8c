// A README section named for the service ("Anyscale Services") that rolls it out with the platform's own command is
// a deploy procedure, as a `helm upgrade` under any heading is; a section that only names the platform is not.
import { describe, expect, it } from 'vitest';
import check from '../checks/runbooks.js';
import { runRaw } from './helpers.js';

const section = (body: string) => `# Course\n\n## Production\n\n### Anyscale Services\n\n${body}\n`;

describe('runbooks: deploys by a platform rollout command', () => {
  it('`anyscale service rollout` in a section of its own covers deploy', async () => {
    const production = [
      '## Production',
      '',
      '### Authentication',
      '',
      '```bash',
      'export ANYSCALE_HOST=https://console.anyscale.com',
      'export ANYSCALE_CLI_TOKEN=$YOUR_CLI_TOKEN',
      '```',
      '',
      '### Anyscale jobs',
      '',
      '```bash',
      'anyscale job submit deploy/jobs/workloads.yaml',
      '```',
      '',
      '### Anyscale Services',
      '',
      'Once the workloads have run, launch the model to production:',
      '',
      '```bash',
      '# Rollout service',
      'anyscale service rollout -f deploy/services/serve_model.yaml',
      '# Query',
      'curl -X POST -H "Authorization: Bearer $SECRET_TOKEN" $SERVICE_ENDPOINT/predict/',
      '# Rollback (to the previous version of the service)',
      'anyscale service rollback -f deploy/services/serve_model.yaml --name madewithml',
      '```',
    ].join('\n');
    const outcome = await runRaw(check, {
      'README.md': `# Course\n\n${production}\n`,
      'deploy/jobs/workloads.yaml': 'name: workloads\n',
      'deploy/services/serve_model.yaml': 'name: madewithml\n',
    });
    if (outcome.status !== 'judged') throw new Error(outcome.reason);
    expect(outcome.findings.map((finding) => finding.id)).not.toContain('missing-deploy');
    expect(outcome.criteria.deploy).toBeGreaterThan(0);
  });

  it('a section that names the platform without rolling anything out does not', async () => {
    const outcome = await runRaw(check, { 'README.md': section('We run our workloads on Anyscale and Google Cloud Run. See their docs for pricing.\n') });
    if (outcome.status !== 'judged') throw new Error(outcome.reason);
    expect(outcome.criteria.deploy ?? 0).toBe(0);
  });
});
