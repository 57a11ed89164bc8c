// Runbooks recognised by what they hold, wherever they live (#16): an ordered procedure with commands for
// deploying, undoing, releasing, ingesting or retraining is a runbook in instructions/, scripts/deploy/README.md,
// RELEASING.md, a README's deploy section or a notebook that runs the commands. Negatives keep the precision:
// an Installation section with `pip install`, a one-command deployment note, a laptop troubleshooting section,
// configuration blocks, a glossary, a template left unfilled and a notebook that runs no command.
import { describe, expect, it } from 'vitest';
import runbooks from '../checks/runbooks.js';
import { extractProcedureSections, notebookMarkdown } from '../src/formats/runbook.js';
import { findingIds, runCheck, runRaw } from './helpers.js';

const notebook = (...cells: Array<{ cell_type: 'markdown' | 'code'; source: string | string[] }>) => JSON.stringify({ cells: cells.map((cell) => ({ ...cell, metadata: {}, ...(cell.cell_type === 'code' ? { outputs: [] } : {}) })), metadata: {}, nbformat: 4, nbformat_minor: 5 });

const UNDO_CHANGES = `## Continuous Deployment - Undo Changes

## Goals

* Observe the continuous deployment pipeline acceptance check
* Learn how to revert your code to a previous commit

## Steps

* Open the \`cd4ml/ml_model_params.py\` file and lower \`n_estimators\` from 50 to 5.
* Commit and push the change:
\`\`\`bash
git add cd4ml/ml_model_params.py
git commit -m "Lower n_estimators"
git push
\`\`\`
The build fails because the accuracy no longer meets the acceptance threshold. Revert the commit to the previous version:
\`\`\`bash
git revert HEAD
git push
\`\`\`
After reverting, check that the pipeline build goes green again.
`;

const DEPLOY_README = `# Deploying Chat Copilot

You need an Azure subscription and Owner access to the resource group before you start.

# Deploy Azure infrastructure

## PowerShell

\`\`\`powershell
./scripts/deploy/deploy-azure.ps1 -Subscription {YOUR_SUBSCRIPTION_ID} -DeploymentName {YOUR_DEPLOYMENT_NAME}
\`\`\`

## Bash

\`\`\`bash
./scripts/deploy/deploy-azure.sh --subscription {YOUR_SUBSCRIPTION_ID} --deployment-name {YOUR_DEPLOYMENT_NAME}
\`\`\`

# Deploy the application

\`\`\`bash
./scripts/deploy/package-webapi.sh && ./scripts/deploy/deploy-webapi.sh --deployment-name {YOUR_DEPLOYMENT_NAME}
\`\`\`

Open the web app URL the script prints and check that the health endpoint answers.
`;

const RELEASING = `# Information for releases and versioning

## Background

The command line utility pins the template to the installed version, so every release is tagged and published.

## Issuing a new release

 - [ ] Update version in \`pyproject.toml\` file
 - [ ] Ensure \`HISTORY.md\` is up to date with the changes in this release and add the release date
 - [ ] Create new release on the GitHub releases page with the tag \`vMAJOR.MINOR.PATCH\` and the notes from \`HISTORY.md\`.
 - [ ] Confirm the release action runs successfully and the new version is available on PyPI.
`;

const APP_README = `# Sample chat app

## Installation

\`\`\`bash
pip install -r requirements.txt
npm install
\`\`\`

## Training

We trained nothing: the app calls a hosted model.

## Deploy the app

Deploy from your machine to an existing App Service; you need contributor access to the resource group.

### Create the App Service

\`\`\`bash
az webapp up --runtime PYTHON:3.11 --sku B1 --name my-chat-app --resource-group my-rg
\`\`\`

### Update an existing app

Build the front end and push the new version to the same app:

\`\`\`bash
./start.sh --build-only
az webapp up --name my-chat-app --resource-group my-rg
\`\`\`

Open the app URL and check that the chat answers a question before telling users.

## Contributing

Pull requests welcome.
`;

const INGEST_README = `# Caddy model

## Development Setup

Run \`make run_backend\` to start the API locally.

## How to ingest data into Caddy

### Files in a local directory

Upload a local directory of files to a remote instance, then check that the collection lists them:
1. \`poetry run python scripts/upload_files.py AUTH_TOKEN --url TARGET_URL --collection NAME --directory DIR\`
2. \`curl -H "x-external-access-token: $AUTH_TOKEN" "$CADDY_URL/collections"\` and look for the new resources.

### Files in an S3 bucket

First download the documents to a local directory, then run the upload script as above.
1. \`aws s3 sync s3://my-bucket/caddy-data LOCAL_DIRECTORY\`
2. \`poetry run python scripts/upload_files.py AUTH_TOKEN --url TARGET_URL --collection NAME --directory LOCAL_DIRECTORY\`
`;

const CONTINUOUS_TRAINING = notebook(
  { cell_type: 'markdown', source: '# 05 - Continuous Training\n\nAfter the pipeline definition is uploaded to Cloud Storage, a Pub/Sub message triggers a new training run.\nThe Cloud Function below listens on the topic and submits the pipeline with the parameters in the message.\nEach run trains, evaluates and registers the model when it beats the current one.' },
  { cell_type: 'markdown', source: '## 1. Create a Pub/Sub topic' },
  { cell_type: 'code', source: ['!gcloud pubsub topics create {PUBSUB_TOPIC}\n'] },
  { cell_type: 'markdown', source: '## 2. Deploy the Cloud Function' },
  { cell_type: 'code', source: ['ENV_VARS = f"PROJECT={PROJECT}"\n', '!gcloud functions deploy {CLOUD_FUNCTION_NAME} --trigger-topic={PUBSUB_TOPIC} --source=src/pipeline_triggering\n'] },
  { cell_type: 'markdown', source: '## 3. Trigger the pipeline' },
  { cell_type: 'code', source: 'publish_client.publish(topic, json.dumps(data).encode())\n' },
);

describe('runbooks found by content anywhere in the tree', () => {
  it('recognises an undo procedure in instructions/ and judges its rollback from the whole document', async () => {
    const outcome = await runRaw(runbooks, { 'instructions/groceries/5-UndoChanges.md': UNDO_CHANGES, 'cd4ml/ml_model_params.py': 'n_estimators = 50\n' });
    if (outcome.status !== 'judged') throw new Error('skipped');
    expect(outcome.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'instructions/groceries/5-UndoChanges.md', kind: 'runbook-by-content' })]));
    expect(outcome.criteria.rollback).toBeGreaterThan(0.3);
    expect(findingIds(outcome)).not.toContain('empty-section');
  });

  it('recognises a deploy README under scripts/ and resolves the scripts it runs', async () => {
    const result = await runCheck(runbooks, {
      'scripts/deploy/README.md': DEPLOY_README,
      'scripts/deploy/deploy-azure.ps1': 'param($Subscription)\n',
      'scripts/deploy/deploy-azure.sh': '#!/bin/sh\n',
      'scripts/deploy/package-webapi.sh': '#!/bin/sh\n',
      'scripts/deploy/deploy-webapi.sh': '#!/bin/sh\n',
    });
    expect(result.score).toBeGreaterThanOrEqual(2);
    expect(result.criteria.find((criterion) => criterion.id === 'references')?.value).toBe(1);
    expect(result.criteria.find((criterion) => criterion.id === 'deploy')?.value).toBeGreaterThan(0.5);
  });

  it('recognises a release checklist and counts the repository files it names', async () => {
    const result = await runCheck(runbooks, { 'RELEASING.md': RELEASING, 'pyproject.toml': '[project]\nname = "ccds"\n', 'HISTORY.md': '# History\n' });
    expect(result.score).toBeGreaterThanOrEqual(2);
    expect(result.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'RELEASING.md', kind: 'runbook-by-content', note: expect.stringMatching(/4 ordered step/) })]));
    // `vMAJOR.MINOR.PATCH` and an absent bare name are not references; present files are.
    expect(findingIds(result)).not.toContain('missing-script');
    expect(findingIds(result)).not.toContain('no-commands');
  });

  it("takes only a README's procedure sections: deploy counts, installation and a prose training note do not", async () => {
    const outcome = await runRaw(runbooks, { 'README.md': APP_README, 'start.sh': '#!/bin/sh\n' });
    if (outcome.status !== 'judged') throw new Error('skipped');
    expect(outcome.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'README.md', kind: 'runbook-by-content', note: 'procedure section(s) "Deploy the app"' })]));
    expect(outcome.criteria.deploy).toBeGreaterThan(0.5);
    expect(outcome.criteria.retraining).toBe(0);
    const sections = extractProcedureSections('README.md', APP_README)!;
    expect(sections.text.split('\n')).toHaveLength(APP_README.split('\n').length);
    expect(sections.text).not.toMatch(/pip install|Pull requests/);
  });

  it('reads an ingestion procedure written as numbered inline commands as refreshing what the app answers from', async () => {
    const outcome = await runRaw(runbooks, { 'model/README.md': INGEST_README, 'scripts/upload_files.py': 'print("upload")\n' });
    if (outcome.status !== 'judged') throw new Error('skipped');
    expect(outcome.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'model/README.md', note: 'procedure section(s) "How to ingest data into Caddy"' })]));
    expect(outcome.criteria.retraining).toBeGreaterThan(0);
    expect(outcome.criteria.references).toBe(1);
  });

  it('reads a notebook named for continuous training whose cells run the commands', async () => {
    const text = notebookMarkdown(CONTINUOUS_TRAINING)!;
    expect(text).toMatch(/```sh\ngcloud pubsub topics create/);
    expect(text).toMatch(/```python\nENV_VARS/);
    const outcome = await runRaw(runbooks, { '05-continuous-training.ipynb': CONTINUOUS_TRAINING, 'src/pipeline_triggering/main.py': 'def trigger(event, context): ...\n' });
    if (outcome.status !== 'judged') throw new Error('skipped');
    expect(outcome.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ path: '05-continuous-training.ipynb', kind: 'runbook-by-content', note: expect.stringMatching(/^notebook "05 - Continuous Training" is a procedure/) })]));
    expect(outcome.criteria.deploy).toBeGreaterThan(0);
    expect(outcome.criteria.retraining).toBeGreaterThan(0);
  });
});

describe('what is not a runbook, wherever it lives', () => {
  it('finds nothing in installation steps, a one-command deploy note, laptop troubleshooting, config blocks, a glossary, a template or a notebook without commands', async () => {
    const result = await runCheck(runbooks, {
      'README.md': [
        '# Project',
        '',
        '## Installation',
        '',
        '1. Create a virtual environment and install the requirements:',
        '```bash\npython -m venv .venv\nsource .venv/bin/activate\npip install -r requirements.txt\n```',
        '2. Install the front end: `npm install`.',
        '',
        '## Deployment',
        '',
        'The managed runtime owns identity, ingress and storage for this service, so there is nothing else to set up or operate by hand. Run the one command below from the repository root.',
        '```bash\nmda deploy .\n```',
        '',
        '## Troubleshooting',
        '',
        'If containers stop with no space left on device, your laptop is full. Restart the VM with more memory and clear old images:',
        '```commandline\ncolima down\ncolima start --memory 8\n```',
        '```commandline\ndocker system prune --all --force\n```',
        '',
      ].join('\n'),
      'docs/recipe.md': [
        '# Recipe steps',
        '',
        '## Ingest step',
        '',
        'The ingest step loads the dataset named in recipe.yaml. Re-run it after you change the data, because it does not detect new records or columns by itself; every option it accepts is listed below with an example.',
        '```\nlocation: ./data/sample.parquet\n```',
        '```\nsteps:\n  ingest:\n    using: "parquet"\n    location: "./data/sample.parquet"\n```',
        '',
      ].join('\n'),
      'docs/glossary.md': '# Glossary\n\n- **Runbook**: a written procedure for deploying or rolling back.\n- **Rollback**: returning to the previous version.\n',
      'docs/deploy.md': '# Deploy\n\nTODO\n\n## Steps\n\n1. TODO\n2. TBD\n\n## Rollback\n\n_Describe how to roll back._\n',
      'notebooks/04-model-deployment.ipynb': notebook({ cell_type: 'markdown', source: '# Model deployment\n\n1. Load the model.\n2. Call predict.\n3. Plot the results of the predictions on the test set against the labels.' }, { cell_type: 'code', source: 'model = load()\nmodel.predict(x)\n' }),
    });
    expect(result.score).toBe(0);
    expect(findingIds(result)).toEqual(['no-runbooks']);
  });
});
