// Code that logs runs to a tracker whose runs are not delivered (#17): the finding says which tracker, where the
// runs went (the server URI and the variable it comes from, with file:line) and how to deliver them, instead of
// "no experiment tracking found". Test code, reading runs, comments and look-alike calls are not logging.
import { describe, expect, it } from 'vitest';
import check from '../checks/experiment-tracking.js';
import { classify, maskUri, scanFile } from '../src/experiments/remote-tracking.js';
import { experimentMeta, fileRun, hex32 } from './experiment-tracking.helpers.js';
import { findingIds, runCheck } from './helpers.js';

const REGISTER = [
  'import json',
  'import os',
  'import mlflow',
  'from mlflow import log_param, log_metric, set_tag',
  '',
  '',
  'def log_metrics_file(path):',
  '    with open(path) as f:',
  '        for key, val in json.load(f).items():',
  '            log_metric(key, val)',
  '',
  '',
  'def register_model(model_id, host_name):',
  '    mlflow.set_tracking_uri(uri=host_name)',
  '    mlflow.set_experiment("houses")',
  '    with mlflow.start_run(run_name=model_id):',
  '        log_param("AlgorithmName", "random_forest")',
  '',
].join('\n');

const CACHE = 'import os\nimport mlflow\n\n\nclass ModelCache:\n    def runs(self):\n        mlflow.set_tracking_uri(os.environ["MLFLOW_TRACKING_URL"])\n        return mlflow.search_runs(experiment_ids=["1"])\n';

const JENKINSFILE = [
  'pipeline {',
  '    agent any',
  '    environment {',
  "        MLFLOW_TRACKING_URL = 'http://mlflow:5000'",
  "        MLFLOW_S3_ENDPOINT_URL = 'http://minio:9000'",
  '    }',
  '    stages {',
  "        stage('Register') { steps { sh 'python3 run.py register_model ${MLFLOW_TRACKING_URL} yes' } }",
  '    }',
  '}',
  '',
].join('\n');

describe('tracking code whose runs are not delivered', () => {
  it('names the MLflow server, the variable and where it is set, with an export remediation (CD4ML layout)', async () => {
    const result = await runCheck(check, {
      'cd4ml/register_model.py': REGISTER,
      'cd4ml/webapp/model_cache.py': CACHE,
      Jenkinsfile: JENKINSFILE,
      'test/test_model_cache.py': 'import mlflow\nmlflow.set_tracking_uri("http://test-tracking-uri:8080")\nmlflow.log_metric("x", 1)\n',
    });
    expect(findingIds(result)).toEqual(['no-tracking']);
    const finding = result.findings[0];
    expect(finding).toMatchObject({ severity: 'error', path: 'cd4ml/register_model.py', line: 10 });
    expect(finding.message).toBe(
      'No tracked runs are delivered, though the code is set up to log runs: MLflow to the tracking server http://mlflow:5000 (MLFLOW_TRACKING_URL, set in Jenkinsfile:4; tracking URI set at cd4ml/register_model.py:14; logged at cd4ml/register_model.py:10, cd4ml/register_model.py:16, cd4ml/register_model.py:17). None of those runs is in the delivery (no MLflow store, W&B run folders or tracker export).',
    );
    expect(finding.remediation).toMatch(/export-experiments/);
    expect(finding.remediation).toMatch(/mlflow experiments csv/);
    expect(finding.message).not.toMatch(/test-tracking-uri/);
    expect(result.summary).toMatch(/^No tracked runs delivered: the code logs runs to MLflow/);
  });

  it('says a local SQLite store or file store stayed on the machine that ran it, and asks for the file', async () => {
    const result = await runCheck(check, {
      'train.py': 'import mlflow\n\nmlflow.set_tracking_uri("sqlite:///mlflow.db")\nmlflow.set_experiment("taxi")\n\nwith mlflow.start_run():\n    mlflow.log_metric("rmse", 5.2)\n',
      '.gitignore': 'mlflow.db\nmlruns/\n',
    });
    const finding = result.findings.find((item) => item.id === 'no-tracking')!;
    expect(finding.message).toMatch(/MLflow to the SQLite store sqlite:\/\/\/mlflow\.db on the machine that ran it \(tracking URI set at train\.py:3; logged at train\.py:6, train\.py:7\)/);
    expect(finding.remediation).toMatch(/^Deliver the store the code wrote/);
  });

  it('reads a URI built from a constant, and masks credentials in a server URI', async () => {
    const config = 'import mlflow\nfrom pathlib import Path\nMODEL_REGISTRY = Path("/efs/mlflow")\nMLFLOW_TRACKING_URI = "file://" + str(MODEL_REGISTRY.absolute())\nmlflow.set_tracking_uri(MLFLOW_TRACKING_URI)\n';
    const train = 'from ray.air.integrations.mlflow import MLflowLoggerCallback\n\ncallback = MLflowLoggerCallback(\n    tracking_uri=MLFLOW_TRACKING_URI,\n    experiment_name="llm",\n)\n';
    const local = await runCheck(check, { 'pkg/config.py': config, 'pkg/train.py': train });
    expect(local.findings[0].message).toMatch(/MLflow to the file store "file:\/\/" \+ str\(MODEL_REGISTRY\.absolute\(\)\) on the machine that ran it \(tracking URI set at pkg\/config\.py:5; logged at pkg\/train\.py:3\)/);
    const secret = await runCheck(check, { 'train.py': 'import mlflow\nmlflow.set_tracking_uri("https://ci-bot:hunter2pass@mlflow.example.com")\nmlflow.autolog()\n' });
    expect(secret.findings[0].message).toMatch(/tracking server https:\/\/\*\*\*@mlflow\.example\.com/);
    expect(secret.findings[0].message).not.toMatch(/hunter2pass/);
  });

  it('names W&B online and offline, Comet, Neptune and report_to in a training config', async () => {
    const result = await runCheck(check, {
      'train.py': 'import wandb\n\nrun = wandb.init(project="churn", config=cfg)\nwandb.log({"loss": 0.3})\n',
      'finetune.py': 'import comet_ml\nexperiment = comet_ml.Experiment(project_name="lora")\n',
      'tune.py': 'import neptune\nrun = neptune.init_run(project="acme/churn", mode="offline")\n',
      'recipes/sft/config.yaml': 'learning_rate: 2.0e-05\nreport_to:\n- tensorboard\n- wandb\nseed: 42\n',
    });
    const message = result.findings.find((item) => item.id === 'no-tracking')!.message;
    expect(message).toMatch(/W&B to the W&B server \(online mode\) \(logged at recipes\/sft\/config\.yaml:2, train\.py:3\)/);
    expect(message).toMatch(/Comet to the Comet server \(online mode\) \(logged at finetune\.py:2\)/);
    expect(message).toMatch(/Neptune in offline mode, to local files that are not delivered \(logged at tune\.py:2\)/);
    const remediation = result.findings.find((item) => item.id === 'no-tracking')!.remediation;
    expect(remediation).toMatch(/wandb\.Api\(\)\.runs/);
    expect(remediation).toMatch(/fetch_runs_table/);
  });

  it('adds an info when a store is delivered but the code also logs to another tracker', async () => {
    const id = hex32(1);
    const result = await runCheck(check, {
      'mlruns/1/meta.yaml': experimentMeta('1', 'churn'),
      ...fileRun({ id, name: 'lgbm', params: { depth: '6' }, metrics: { auc: '1738663600000 0.88 0\n' } }),
      'train.py': 'import mlflow\nimport wandb\n\nwandb.init(project="churn")\nwith mlflow.start_run():\n    mlflow.log_metric("auc", 0.88)\n',
    });
    expect(findingIds(result)).not.toContain('no-tracking');
    const elsewhere = result.findings.filter((item) => item.id === 'tracked-elsewhere');
    expect(elsewhere.map((item) => [item.severity, item.path, item.line])).toEqual([['info', 'train.py', 4]]);
    expect(elsewhere[0].message).toMatch(/^The code is also set up to log runs: W&B to the W&B server \(online mode\)/);
  });

  it('reads the tracking URI of an MLflow Recipes profile', async () => {
    const result = await runCheck(check, {
      'recipe.yaml': 'recipe: "regression/v1"\ntarget_col: "fare_amount"\n',
      'profiles/local.yaml': 'experiment:\n  name: "sklearn_regression_experiment"\n  tracking_uri: "sqlite:///metadata/mlflow/mlruns.db"\n',
      'configs/app.yaml': 'server:\n  tracking_uri: http://tracker.internal:1\n',
    });
    expect(result.findings[0].message).toMatch(/MLflow to the SQLite store sqlite:\/\/\/metadata\/mlflow\/mlruns\.db on the machine that ran it \(tracking URI set at profiles\/local\.yaml:3; logged at profiles\/local\.yaml:3\)/);
  });

  it('names Vertex AI and SageMaker Experiments runs kept in the cloud account', async () => {
    const result = await runCheck(check, {
      'src/task.py': 'from google.cloud import aiplatform as vertex_ai\n\nvertex_ai.init(project=p, experiment=name)\nvertex_ai.start_run(run_id)\nvertex_ai.log_metrics({"val_loss": 0.3})\n',
      'pipeline/train.py': 'from sagemaker.experiments.run import load_run\n\nwith load_run(sagemaker_session=session) as run:\n    run.log_metric("mse", mse)\n',
      // `Run(` without the SageMaker import is someone else's class.
      'other.py': 'from mylib import Run\nRun(experiment_name="x")\n',
    });
    const finding = result.findings.find((item) => item.id === 'no-tracking')!;
    expect(finding.message).toMatch(/Vertex AI Experiments to the Google Cloud project \(Vertex AI Metadata\) \(logged at src\/task\.py:4, src\/task\.py:5\)/);
    expect(finding.message).toMatch(/SageMaker Experiments to the AWS account \(SageMaker\) \(logged at pipeline\/train\.py:3, pipeline\/train\.py:4\)/);
    expect(finding.message).not.toMatch(/other\.py/);
    expect(finding.remediation).toMatch(/get_experiment_df/);
    expect(finding.remediation).toMatch(/ExperimentAnalytics/);
  });

  it('skips a data pipeline that trains nothing, but not one whose code logs runs', async () => {
    const dbt = { 'dbt_project.yml': "name: 'jaffle_shop'\nversion: '0.1'\nprofile: 'jaffle_shop'\nmodel-paths: ['models']\n", 'models/customers.sql': 'select * from {{ ref("stg_customers") }}\n' };
    const pipeline = await runCheck(check, dbt, { profiles: ['data-pipeline'] });
    expect(pipeline.status).toBe('skip');
    expect(pipeline.findings).toEqual([]);
    const logging = await runCheck(check, { ...dbt, 'ml/train.py': 'import mlflow\nwith mlflow.start_run():\n    mlflow.log_metric("auc", 0.8)\n' }, { profiles: ['data-pipeline'] });
    expect(findingIds(logging)).toEqual(['no-tracking']);
  });

  it('keeps the plain no-tracking finding when nothing logs: trainer.log_metrics, comparisons, comments, reads and tests', async () => {
    const result = await runCheck(check, {
      'scripts/sft.py': 'from transformers import Trainer\n\ntrainer.log_metrics("train", metrics)\nif args.report_to == "wandb" and args.hub_token:\n    raise ValueError("You cannot use both --report_to=wandb and --hub_token")\n',
      'old.py': 'import mlflow\n# mlflow.log_metric("rmse", rmse)\n#     wandb.init(project="x")\n',
      'app.py': 'import mlflow\nmlflow.set_tracking_uri(os.environ["MLFLOW_TRACKING_URI"])\nruns = mlflow.search_runs()\n',
      'tests/test_train.py': 'import mlflow\nmlflow.log_metric("x", 1)\n',
    });
    expect(findingIds(result)).toEqual(['no-tracking']);
    expect(result.findings[0].message).toMatch(/^No experiment tracking found: no MLflow store/);
    expect(result.evidence.filter((item) => item.kind === 'tracking-code')).toEqual([]);
  });
});

describe('tracking code readers (pure)', () => {
  it('classifies URIs and masks user information', () => {
    expect(['http://mlflow:5000', 'databricks', 'sqlite:///mlflow.db', 'postgresql://db/mlflow', 'file:///tmp/mlruns', './mlruns'].map(classify)).toEqual(['server', 'databricks', 'local-sqlite', 'database', 'local-files', 'local-files']);
    expect(maskUri('postgresql://mlflow:pa55@db:5432/mlflow')).toBe('postgresql://***@db:5432/mlflow');
    expect(maskUri('http://mlflow:5000')).toBe('http://mlflow:5000');
  });

  it('reads notebook source lines as code', () => {
    const hits = scanFile('nb.ipynb', '{\n "cells": [{\n  "source": [\n   "import mlflow\\n",\n   "mlflow.set_tracking_uri(\\"http://127.0.0.1:5000\\")\\n",\n   "with mlflow.start_run():\\n"\n  ]\n }]\n}\n');
    expect(hits.map((hit) => [hit.tool, hit.logs.map((log) => log.line)])).toEqual([['mlflow', [6]]]);
    expect(hits[0].setUri.map((call) => [call.at.line, call.expression])).toEqual([[5, '"http://127.0.0.1:5000"']]);
  });
});
