// Deterministic generator for the benchmark trees: ordinary source files, an MLflow file store, W&B runs,
// ADRs, DVC files, a runbook and a model card. No randomness: the same arguments give the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Small deterministic PRNG (mulberry32) so generated values vary but never between runs. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(random, length) {
  let out = '';
  while (out.length < length) out += Math.floor(random() * 16).toString(16);
  return out;
}

/** The file counts of the standard tree times `factor` (0.1 for a quick run, 2 for the doubled tree). */
export function scaledTree(factor) {
  return {
    ordinaryFiles: Math.round(100_000 * factor),
    mlflowRuns: Math.max(3, Math.round(3_000 * factor)),
    wandbRuns: Math.max(1, Math.round(300 * factor)),
    adrs: Math.max(1, Math.round(200 * factor)),
  };
}

/**
 * Writes the tree under `root`, or hands each file to `options.sink(relativePath, content)` instead (to
 * stream it into `git fast-import` without touching the disk). Returns the number of files.
 */
export function generateTree(root, options = {}) {
  const ordinary = options.ordinaryFiles ?? 100_000;
  const mlflowRuns = options.mlflowRuns ?? 3_000;
  const wandbRuns = options.wandbRuns ?? 300;
  const adrs = options.adrs ?? 200;
  const random = prng(options.seed ?? 42);
  let files = 0;
  const made = new Set();
  const write = (relative, content) => {
    if (options.sink) {
      options.sink(relative, content);
      files++;
      return;
    }
    const full = path.join(root, relative);
    const dir = path.dirname(full);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(full, content);
    files++;
  };

  // Ordinary files: 100 packages x 100 modules x 10 files.
  for (let i = 0; i < ordinary; i++) {
    const pkg = Math.floor(i / 1000);
    const mod = Math.floor(i / 10) % 100;
    write(`services/pkg${pkg}/mod${mod}/file${i % 10}.py`, `# module ${i}\nVALUE = ${i}\n`);
  }

  // MLflow file store: 3 experiments, registry with an alias.
  const experiments = 3;
  for (let e = 1; e <= experiments; e++) {
    write(`mlruns/${e}/meta.yaml`, `artifact_location: mlflow-artifacts:/${e}\ncreation_time: 1735689600000\nexperiment_id: '${e}'\nlast_update_time: 1735689600000\nlifecycle_stage: active\nname: churn-${e}\n`);
  }
  const runIds = [];
  for (let r = 0; r < mlflowRuns; r++) {
    const e = (r % experiments) + 1;
    const id = hex(random, 32);
    runIds.push([e, id]);
    const base = `mlruns/${e}/${id}`;
    write(`${base}/meta.yaml`, `artifact_uri: mlflow-artifacts:/${e}/${id}/artifacts\nend_time: ${1735700000000 + r * 1000}\nexperiment_id: '${e}'\nlifecycle_stage: active\nrun_id: ${id}\nrun_name: lgbm-r${r}\nrun_uuid: ${id}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: ${1735690000000 + r * 1000}\nstatus: 3\ntags: []\nuser_id: bench\n`);
    for (let p = 0; p < 12; p++) write(`${base}/params/param_${p}`, String(Math.round(random() * 1000) / 1000));
    for (let m = 0; m < 8; m++) {
      let lines = '';
      for (let step = 0; step < 20; step++) lines += `${1735690000000 + step} ${random().toFixed(4)} ${step}\n`;
      write(`${base}/metrics/metric_${m}`, lines);
    }
    write(`${base}/tags/mlflow.runName`, `lgbm-r${r}`);
    write(`${base}/tags/mlflow.source.git.commit`, hex(random, 40));
    write(`${base}/tags/mlflow.user`, 'bench');
    if (r % 3 === 0) write(`${base}/tags/mlflow.note.content`, `Run ${r}: tried a lower learning rate because the previous run overfit after 300 rounds.`);
    write(`${base}/artifacts/model/MLmodel`, `artifact_path: model\nflavors:\n  python_function: {loader_module: mlflow.lightgbm, python_version: 3.11.9}\n  lightgbm: {lgb_version: 4.3.0}\nmlflow_version: 2.22.0\nrun_id: ${id}\nsignature: {inputs: '[{"type": "double", "name": "tenure"}]', outputs: '[{"type": "long"}]'}\n`);
  }
  const [, championRun] = runIds[runIds.length - 1] ?? [1, hex(random, 32)];
  write('mlruns/models/kestrel-churn/meta.yaml', `name: kestrel-churn\ndescription: Churn model\ncreation_timestamp: 1735689600000\nlast_updated_timestamp: 1735689600000\naliases: {champion: '1'}\n`);
  write('mlruns/models/kestrel-churn/aliases/champion', '1');
  write('mlruns/models/kestrel-churn/version-1/meta.yaml', `name: kestrel-churn\nversion: 1\ncurrent_stage: Production\nrun_id: ${championRun}\nsource: mlflow-artifacts:/1/${championRun}/artifacts/model\nstatus: READY\n`);

  // W&B runs.
  for (let w = 0; w < wandbRuns; w++) {
    const id = hex(random, 8);
    const base = `wandb/run-20250${1 + (w % 9)}${String(10 + (w % 18)).padStart(2, '0')}_1200${String(w % 60).padStart(2, '0')}-${id}`;
    write(`${base}/files/config.yaml`, `lr:\n  value: 0.0${1 + (w % 9)}\nepochs:\n  value: ${10 + (w % 5)}\n`);
    write(`${base}/files/wandb-summary.json`, JSON.stringify({ pr_auc: random(), _step: 20 }));
    write(`${base}/files/wandb-metadata.json`, JSON.stringify({ program: 'train.py', git: { commit: hex(random, 40), remote: 'https://git.example/kestrel/churn.git' } }));
    write(`${base}/files/output.log`, 'epoch 1 done\n');
    write(`${base}/run-${id}.wandb`, Buffer.from([0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00]));
  }

  // ADRs.
  for (let a = 1; a <= adrs; a++) {
    const n = String(a).padStart(4, '0');
    write(`docs/adr/${n}-decision-${a}.md`, `# ${a}. Decision ${a}\n\nDate: 2025-${String(1 + (a % 12)).padStart(2, '0')}-10\n\n## Status\n\nAccepted\n\n## Context\n\nDecision ${a} was needed because the scoring path had to change for the reasons listed here.\n\n## Decision\n\nWe will change the scoring path as described in this record, in several full sentences.\n\n## Consequences\n\nSome things become easier, others harder; both are described here in full sentences.\n`);
  }

  // DVC, runbook, model card.
  write('.dvc/config', "[core]\n    remote = storage\n['remote \"storage\"']\n    url = s3://kestrel-ml/dvc\n");
  write('data/customers.parquet.dvc', `outs:\n- md5: ${hex(random, 32)}\n  size: 14445097\n  hash: md5\n  path: customers.parquet\n`);
  write('dvc.yaml', 'stages:\n  train:\n    cmd: python -m churn.train\n    deps: [data/customers.parquet]\n    outs: [models/model.txt]\n');
  write('dvc.lock', `schema: '2.0'\nstages:\n  train:\n    cmd: python -m churn.train\n    deps:\n    - path: data/customers.parquet\n      hash: md5\n      md5: ${hex(random, 32)}\n      size: 14445097\n    outs:\n    - path: models/model.txt\n      hash: md5\n      md5: ${hex(random, 32)}\n      size: 1200\n`);
  write('RUNBOOK.md', '# Runbook\n\n## Deploy\n\nRun `make deploy`.\n\n## Rollback\n\nRepoint the `champion` alias to the previous version.\n');
  write('MODEL_CARD.md', '# Model card: kestrel-churn\n\n## Intended Use\n\nRanking customers by churn risk.\n\n## Limitations\n\nCold-start customers are scored poorly.\n');
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [root, scale = '1'] = process.argv.slice(2);
  const count = generateTree(root, scaledTree(Number(scale)));
  console.log(`${count} files in ${root}`);
}
