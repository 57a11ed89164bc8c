// Everything the infrastructure check judges, gathered once: recognised artifacts (containers, IaC,
// Kubernetes delivery, ML pipelines and serving, CI/CD), the environments they define, what they imply the
// buyer needs access to, the deployment path, externalised configuration and the access lists.
import { collectCiPipelines, type CiProblem } from '../ci/collect-pipelines.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { collectAccessLists, repositoryNeeds, type AccessList } from './access.js';
import { ciDeliveryFacts, deliverySteps, promotesModel, type DeliveryStep } from './ci-delivery.js';
import { collectConfiguration, type ConfigurationFacts } from './configuration.js';
import { recogniseContainers } from './containers.js';
import { collectDeployment, type DeploymentFacts } from './deployment.js';
import { dispatchEnvironments } from './dispatch-environments.js';
import { recogniseIac } from './iac.js';
import { recogniseKubernetes } from './kubernetes.js';
import { recogniseMlPlatforms } from './ml-platforms.js';
import { recognisePlatforms } from './platforms.js';
import { recogniseTrainingJobs } from './training-jobs.js';
import type { AccessNeed, EnvironmentSighting, InfraArtifact } from './model.js';

export interface InfrastructureInventory {
  artifacts: InfraArtifact[];
  environments: EnvironmentSighting[];
  needs: AccessNeed[];
  delivery: DeliveryStep[];
  ciPipelines: number;
  ciProblems: CiProblem[];
  deployment: DeploymentFacts;
  configuration: ConfigurationFacts;
  accessLists: AccessList[];
  /** Where the trained model is published to the Hugging Face Hub. */
  publishing: Array<{ path: string; line: number; what: string }>;
}

/** `declared`: files named by the policy, manifest or repository locations for this check. */
export async function collectInfrastructure(snapshot: Snapshot, declared: readonly string[] = []): Promise<InfrastructureInventory> {
  const ci = await collectCiPipelines(snapshot);
  const delivery = deliverySteps(ci.pipelines);
  const parts = [await recogniseContainers(snapshot), await recogniseIac(snapshot), await recogniseKubernetes(snapshot), await recogniseMlPlatforms(snapshot), await recognisePlatforms(snapshot), ciDeliveryFacts(ci.pipelines, delivery)];
  const training = await recogniseTrainingJobs(snapshot);
  parts.push(training);
  const configuration = await collectConfiguration(snapshot);
  const access = await collectAccessLists(snapshot, declared);
  const needs = [...parts.flatMap((part) => part.needs), ...(await repositoryNeeds(snapshot, configuration.examples, configuration.readsInCode))];
  // An image built only for Compose on one machine needs no registry; one CI pushes, deploys or a runtime pulls does.
  const shipped = delivery.some((step) => (step.role === 'deploy' && !promotesModel(step)) || (step.role === 'build' && /\bpush\b|build-push-action|--destination|builds\s+submit|acr\s+build/.test(step.command))) || parts.some((part) => part.artifacts.some((artifact) => ['iac', 'orchestration', 'serving'].includes(artifact.kind)));
  if (shipped && parts[0].artifacts.some((artifact) => artifact.tool === 'dockerfile' && !artifact.problem) && !needs.some((need) => need.category === 'registry')) {
    const dockerfile = parts[0].artifacts.find((artifact) => artifact.tool === 'dockerfile')!;
    needs.push({ category: 'registry', what: 'a registry for the image built from the Dockerfile', path: dockerfile.path });
  }
  return {
    artifacts: parts.flatMap((part) => part.artifacts),
    environments: [...parts.flatMap((part) => part.environments), ...(await dispatchEnvironments(snapshot, delivery)), ...access.environments],
    needs,
    delivery,
    ciPipelines: ci.pipelines.length,
    ciProblems: ci.problems,
    deployment: await collectDeployment(snapshot, declared),
    configuration,
    accessLists: access.lists,
    publishing: training.publishing,
  };
}
