// Variables a launcher or platform sets in the process it starts: torchrun/torch.distributed, DeepSpeed,
// Accelerate, Horovod, Lightning, SLURM, Open MPI/PMI, SageMaker, Vertex AI, Jenkins builds. Code reads them, but nobody
// configures them, so an example env file that leaves them out is not incomplete.

const LAUNCHER_SET: ReadonlyArray<[RegExp, string]> = [
  [/^(RANK|LOCAL_RANK|WORLD_SIZE|LOCAL_WORLD_SIZE|GROUP_RANK|GROUP_WORLD_SIZE|ROLE_RANK|ROLE_WORLD_SIZE|ROLE_NAME|MASTER_ADDR|MASTER_PORT|NODE_RANK|TORCHELASTIC_\w+|TORCH_NCCL_\w+)$/, 'torchrun / torch.distributed'],
  [/^(CROSS_RANK|CROSS_SIZE|LOCAL_SIZE|DEEPSPEED_\w+)$/, 'DeepSpeed'],
  [/^ACCELERATE_\w+$/, 'Accelerate'],
  [/^HOROVOD_\w+$/, 'Horovod'],
  [/^(SLURM_\w+|SLURMD_\w+)$/, 'SLURM'],
  [/^(OMPI_\w+|PMI_\w+|PMIX_\w+|MV2_\w+|MPI_LOCALRANKID|MPI_LOCALNRANKS)$/, 'MPI'],
  [/^(SM_(MODEL_DIR|CHANNELS?|CHANNEL_\w+|HPS|HP_\w+|OUTPUT_\w+|NUM_\w+|CURRENT_HOST|HOSTS|TRAINING_ENV|USER_ARGS|INPUT_\w+|LOG_LEVEL|NETWORK_INTERFACE_NAME|FRAMEWORK_\w+|MODULE_\w+|RESOURCE_CONFIG)|SAGEMAKER_\w+)$/, 'SageMaker'],
  [/^(AIP_\w+|CLOUD_ML_\w+|TF_CONFIG|CLUSTER_SPEC)$/, 'Vertex AI / TensorFlow distribution'],
  [/^(BUILD_NUMBER|BUILD_ID|BUILD_URL|BUILD_TAG|JOB_NAME|JOB_BASE_NAME|JENKINS_URL|JENKINS_HOME|EXECUTOR_NUMBER|NODE_NAME|WORKSPACE|GIT_COMMIT|GIT_BRANCH|BRANCH_NAME|CHANGE_ID)$/, 'Jenkins'],
];

/** The launcher that sets this variable, or null when it is configuration someone must provide. */
export function launcherSetting(name: string): string | null {
  for (const [pattern, launcher] of LAUNCHER_SET) if (pattern.test(name)) return launcher;
  return null;
}
