// Recall on shapes reviewers found in held-out repositories (#16): a model release card whose limitations
// name a population and are answered under "Recommendations", and training infrastructure (Slurm jobs,
// accelerate/DeepSpeed launch configs, cluster submission code). Each positive has a negative next to it.
import { describe, expect, it } from 'vitest';
import failureModes from '../checks/failure-modes.js';
import infrastructure from '../checks/infrastructure.js';
import { runCheck } from './helpers.js';

type Result = Awaited<ReturnType<typeof runCheck>>;
const criteria = (result: Result) => Object.fromEntries((result.criteria ?? []).map((c) => [c.id, c.value]));

/** A vision backbone's release card: one bias limitation naming a population, answered by its recommendation. */
const RELEASE_CARD = `# Model Card for VisionNet-B

Vision Transformer backbones trained without labels.

## Uses

The models provide features for downstream tasks (classification, retrieval, depth estimation).

## Bias, Risks, and Limitations

Although training used no annotations, we still observe significant biases in our models toward rich households from Western countries.

### Recommendations

Evaluate the features on images from the population you serve before deploying; fine-tuning on narrow labels is expected to amplify these biases.

## Evaluation

See the paper for the protocols.
`;

describe('failure-modes: a release card with one answered, population-specific limitation', () => {
  it('recognises the limitation, its population and its recommendation', async () => {
    const result = await runCheck(failureModes, { 'MODEL_CARD.md': RELEASE_CARD });
    expect(result.score).toBeGreaterThanOrEqual(2);
    expect(criteria(result)['edge-cases']).toBeGreaterThan(0);
    expect(result.findings.find((finding) => finding.id === 'entry-incomplete')?.message).not.toMatch(/mitigation/);
  });

  it('gives no mitigation when the Recommendations section holds only the template prompt', async () => {
    const card = RELEASE_CARD.replace(/Evaluate the features[^\n]*/, '<!-- This section is meant to convey recommendations with respect to the bias, risk, and technical limitations. -->');
    const result = await runCheck(failureModes, { 'MODEL_CARD.md': card });
    expect(result.findings.find((finding) => finding.id === 'entry-incomplete')?.message).toMatch(/mitigation/);
  });

  it('finds no edge case in a limitation that names no population or input', async () => {
    const card = RELEASE_CARD.replace('toward rich households from Western countries', 'on some benchmarks');
    const result = await runCheck(failureModes, { 'MODEL_CARD.md': card });
    expect(criteria(result)['edge-cases']).toBe(0);
  });
});

/** A fine-tuning handbook: a Slurm job launching accelerate with DeepSpeed, recipes that push to the Hub. */
const SLURM_JOB = `#!/bin/bash
#SBATCH --job-name=finetune
#SBATCH --nodes=2
#SBATCH --gres=gpu:8
#SBATCH --partition=gpu-prod
#SBATCH --time=2-00:00:00

source ~/.bashrc
accelerate launch --config_file recipes/accelerate_configs/zero3.yaml --num_machines $SLURM_NNODES scripts/sft.py recipes/llama/sft/config.yaml
`;
const ZERO3 = `compute_environment: LOCAL_MACHINE
deepspeed_config:
  zero_stage: 3
distributed_type: DEEPSPEED
mixed_precision: bf16
num_machines: 1
num_processes: 8
`;
const SFT_RECIPE = `model_name_or_path: meta-llama/Llama-3.1-8B
learning_rate: 2.0e-05
num_train_epochs: 3
output_dir: data/llama-sft
push_to_hub: true
hub_model_id: acme/llama-sft
`;
const SUBMIT = `import argparse

import submitit


def main():
    args = argparse.ArgumentParser().parse_args()
    executor = submitit.AutoExecutor(folder="/checkpoint/jobs", slurm_max_num_timeout=30)
    executor.update_parameters(gpus_per_node=8, nodes=4, slurm_partition="learnlab")
    executor.submit(train)
`;

const byKind = (result: Result, kind: string) => result.evidence.filter((item) => item.kind === kind).map((item) => item.path);

describe('infrastructure: training on shared compute', () => {
  it('recognises a Slurm job, its accelerate/DeepSpeed launch config and Hub publishing', async () => {
    const result = await runCheck(infrastructure, {
      'recipes/launch.slurm': SLURM_JOB,
      'recipes/accelerate_configs/zero3.yaml': ZERO3,
      'recipes/llama/sft/config.yaml': SFT_RECIPE,
      'scripts/sft.py': 'from trl import SFTTrainer\n',
    });
    expect(byKind(result, 'training-job:slurm')).toEqual(['recipes/launch.slurm']);
    expect(byKind(result, 'training-job:accelerate')).toEqual(['recipes/accelerate_configs/zero3.yaml']);
    expect(byKind(result, 'model-publishing')).toEqual(['recipes/llama/sft/config.yaml']);
    expect(criteria(result).defined).toBeGreaterThan(0);
    expect(criteria(result).deployment).toBeCloseTo(0.4);
    expect(result.score).toBeGreaterThanOrEqual(2);
    expect(result.findings.some((finding) => finding.id === 'no-infrastructure')).toBe(false);
    expect(result.evidence.some((item) => item.kind === 'access-need:cluster' && /gpu-prod/.test(item.note ?? ''))).toBe(true);
  });

  it('recognises cluster submission with submitit', async () => {
    const result = await runCheck(infrastructure, { 'vision/run/submit.py': SUBMIT });
    expect(byKind(result, 'training-job:submitit')).toEqual(['vision/run/submit.py']);
    expect(criteria(result).deployment).toBeCloseTo(0.2);
  });

  it('takes an upload to the Hub from code as publishing the model, not a download', async () => {
    const result = await runCheck(infrastructure, {
      'scripts/upload.py': 'from huggingface_hub import HfApi\n\napi = HfApi()\napi.upload_folder(folder_path="out", repo_id="acme/model")\n',
    });
    expect(result.evidence.filter((item) => item.kind === 'model-publishing').map((item) => `${item.path}:${item.line}`)).toEqual(['scripts/upload.py:4']);
    expect(criteria(result).deployment).toBeCloseTo(0.3);
  });

  it('does not take a laptop script, a single-process config or a stray #SBATCH for infrastructure', async () => {
    const result = await runCheck(infrastructure, {
      'train.sh': '#!/bin/bash\n# on the cluster add: #SBATCH --gres=gpu:1\npython train.py --epochs 3\n',
      'accelerate_config.yaml': 'compute_environment: LOCAL_MACHINE\ndistributed_type: \'NO\'\nnum_processes: 1\n',
      'configs/train.yaml': 'learning_rate: 0.001\npush_to_hub: false\n',
      'export.py': 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("acme/model")\nmodel.save_pretrained("out")\n',
    });
    expect(result.evidence.filter((item) => item.kind.startsWith('training-job') || item.kind === 'model-publishing')).toEqual([]);
    expect(criteria(result).defined).toBe(0);
    expect(criteria(result).deployment).toBe(0);
    expect(result.findings.some((finding) => finding.id === 'no-infrastructure')).toBe(true);
  });
});
