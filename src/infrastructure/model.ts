// What the infrastructure recognisers report: artifacts that define how the system is built and run, the
// environments they define, and what the buyer will need access to because of them.
import { environmentStage, type EnvironmentStage } from '../formats/environment-names.js';

/** `training-job`: how training runs on shared compute (Slurm jobs, cluster submission, multi-process launch configs). */
export type InfraKind = 'container' | 'iac' | 'orchestration' | 'ml-pipeline' | 'serving' | 'ci-cd' | 'training-job';

export interface InfraArtifact {
  kind: InfraKind;
  /** The tool that reads it: `dockerfile`, `compose`, `terraform`, `helm-chart`, `kserve`, … */
  tool: string;
  path: string;
  line: number;
  note: string;
  /** Set when the file could not be read as what its name says it is. */
  problem?: string;
}

export interface EnvironmentSighting {
  /** The name as written (`prod`, `values-staging`, `kestrel-ml-staging`). */
  name: string;
  stage: EnvironmentStage;
  path: string;
  line: number;
  /** How it was recognised, for evidence: `Helm values file`, `GitHub environment`. */
  via: string;
  /** Defined in infrastructure code, in a CI/CD pipeline, or only written in documentation. */
  source: 'code' | 'ci' | 'docs';
}

export type AccessCategory = 'cloud' | 'registry' | 'secrets' | 'model-storage' | 'data-storage' | 'cluster' | 'ci';

export const ACCESS_CATEGORY_TITLES: Readonly<Record<AccessCategory, string>> = {
  cloud: 'cloud account',
  registry: 'container registry',
  secrets: 'secret store',
  'model-storage': 'model storage or registry',
  'data-storage': 'data storage',
  cluster: 'cluster or compute platform',
  ci: 'CI/CD system and its secrets',
};

export interface AccessNeed {
  category: AccessCategory;
  /** What in the repository implies it: `DVC remote s3://kestrel-ml-data/dvc-store`. */
  what: string;
  path: string;
  line?: number;
}

export interface InfraFacts {
  artifacts: InfraArtifact[];
  environments: EnvironmentSighting[];
  needs: AccessNeed[];
}

export function emptyFacts(): InfraFacts {
  return { artifacts: [], environments: [], needs: [] };
}

/** Generic words in infrastructure file names that never name an environment. */
const NOT_ENVIRONMENT = /^(values|docker|docker-compose|compose|pulumi|main|terraform|parameters|params|samconfig|kustomization|overlays?|environments?|envs?|deploy|deployment|config|settings|vars|variables|auto|tfvars|bicepparam|json|ya?ml|infra|k8s|kubernetes|helm|charts?)$/i;

/**
 * The environment a path names, if any: the file's stem without generic words (`values-staging.yaml` ->
 * `staging`, `docker-compose.prod.yml` -> `prod`), else the nearest folder that is an environment name
 * (`overlays/production/kustomization.yaml`, `envs/dev/main.tf`).
 */
export function environmentInPath(path: string): { name: string; stage: EnvironmentStage } | null {
  const segments = path.split('/');
  const file = segments.pop() ?? '';
  const stem = file
    .replace(/\.(ya?ml|json|tf|tfvars|tofu|hcl|toml|bicepparam|env|example|sample|template)$/gi, '')
    .replace(/\.(ya?ml|json|tf|tfvars|auto|parameters?)$/gi, '');
  const parts = stem.split(/[-_.]/).filter((part) => part && !NOT_ENVIRONMENT.test(part));
  if (parts.length > 0) {
    const name = parts.join('-');
    const stage = environmentStage(name);
    if (stage) return { name, stage };
  }
  for (let i = segments.length - 1; i >= 0 && i >= segments.length - 3; i--) {
    const stage = environmentStage(segments[i]);
    if (stage && !NOT_ENVIRONMENT.test(segments[i])) return { name: segments[i], stage };
  }
  return null;
}

export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
