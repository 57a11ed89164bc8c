// What the buyer must be given access to, and whether the delivery lists it. Needs come from the repository
// itself (IaC providers and resources, CI secrets and registries, the DVC remote, MLflow/W&B settings, the
// names in the example env file); the list comes from an access, handover, infrastructure or onboarding
// document, or an Access/Prerequisites/Environments section of the README. Each needed kind of access the
// list never mentions is a gap. Environment names written in those documents are collected too.
import { environmentStage } from '../formats/environment-names.js';
import { parseMarkdown } from '../formats/markdown.js';
import { readIniSections } from '../formats/ini-sections.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { EnvExample } from './configuration.js';
import type { AccessCategory, AccessNeed, EnvironmentSighting } from './model.js';

export interface AccessList {
  path: string;
  line: number;
  /** Dedicated document (`docs/access.md`) or a section of another one. */
  dedicated: boolean;
  covers: Set<AccessCategory>;
  words: number;
}

const VENDORED = /(^|\/)(node_modules|\.venv|venv|site-packages|vendor|third_party|\.git)\//;
const DEDICATED = /(^|\/)(?=[^/]*(access|handover|hand-over|infrastructure|onboarding|credentials|permissions|environments|prerequisites))[^/]*\.(md|markdown)$/i;
/**
 * A deployment guide (`DEPLOY.md`, `docs/deployment.md`, `scripts/deploy/README.md`) says what the deployer must
 * have before starting (the subscription, the app registrations): read whole, its lines that grant access count.
 */
const DEPLOYMENT_GUIDE = /(^|\/)(deploy|deployment|deploying)[^/]*\.(md|markdown)$|(^|\/)(deploy|deployment|deployments|deploying)\/README\.(md|markdown)$/i;
const ACCESS_HEADING = /\b(access|credentials?|permissions?|accounts?|pre-?requisites?|requirements|what you need|before you (?:begin|start)|infrastructure|environments?|onboarding|secrets?|hand-?over)\b/i;
const ENVIRONMENT_HEADING = /\benvironments?\b|\bstaging\b|\bproduction\b/i;
/** "Running in your environment", "Local environment", "Python environment": where a developer works, not a deployment stage. */
const DEVELOPER_ENVIRONMENT = /\b(your|my|local|dev(elopment)?|python|virtual|conda|venv|own|setup|set up|setting up)\s+(\w+\s+)?environments?\b|\benvironment (setup|set-?up|variables?)\b/i;
const STAGE_NAMES = new Set('production|prod|staging|stage|uat|preprod|pre-production|development|dev|sandbox|qa|test'.split('|'));
/**
 * A stage named as an environment: "the staging environment", "`prod`", a list item or table row that starts with
 * the name, "deploy to production". The bare verb in "if you'd like to test commands" names nothing.
 */
const NAMED_STAGE =
  /\b(production|prod|staging|stage|uat|preprod|pre-production|development|dev|sandbox|qa|test)[ \t]+(?:environments?|envs?|cluster|namespace|stage|instance|server|account|project|workspace|deployment)\b|[`'"](production|prod|staging|stage|uat|preprod|pre-production|development|dev|sandbox|qa|test)[`'"]|^[ \t]*(?:(?:[-*+]|\d{1,3}[.)]|\|)[ \t]*)?\*{0,2}(production|prod|staging|stage|uat|preprod|pre-production|development|dev|sandbox|qa|test)\b\*{0,2}[ \t]*(?:[:|\-–(]|$)|\b(?:to|in|on|into|from)[ \t]+(production|prod|staging|uat|preprod|pre-production)\b/gim;
/** A README section is an access list when it says access is given: a grant, an account, a credential, a role. */
const GRANT_WORDS = /\b(access|accounts?|credentials?|permissions?|roles?|grant(s|ed)?|tokens?|api keys?|log ?in|sign ?in|invit(e|ed|ation)|request (access|an account)|ask (the|your|for)|service principal|robot account|owner|admin)\b/i;
/** Documents that are access lists by their name; other dedicated files (infrastructure.md) must say so per line. */
const ACCESS_FILE = /(^|\/)(?=[^/]*(access|credentials|permissions|handover|hand-over))[^/]*\.(md|markdown)$/i;

/** How a document says it grants each kind of access. */
export const ACCESS_WORDS: Readonly<Record<AccessCategory, RegExp>> = {
  cloud: /\b(aws|amazon web services|gcp|google cloud|azure|subscription|account id|iam|cloud account|project id|tenant)\b/i,
  registry: /\b(registry|registries|ecr|gcr|artifact registry|acr|docker hub|ghcr|quay|harbor)\b/i,
  secrets: /\b(secrets?|vault|key vault|secrets manager|kms|credentials?|sealed-?secrets?|external-?secrets?)\b/i,
  'model-storage': /\b(mlflow|model registry|registered model|model (bucket|store|storage|artifacts?)|artifact (store|bucket|storage)|weights (&|and) biases|wandb|hugging ?face|sagemaker model)\b/i,
  'data-storage': /\b(dvc|s3:\/\/|gs:\/\/|bucket|warehouse|snowflake|bigquery|redshift|database|data lake|feature store|postgres(ql)?|data storage|crm export)\b/i,
  cluster: /\b(kubernetes|k8s|cluster|namespace|kube ?context|eks|gke|aks|ecs|cloud run|compute)\b/i,
  ci: /\b(github|gitlab|ci\/cd|\bci\b|pipelines?|runners?|github actions|jenkins|circleci|bitbucket|azure devops|environment secrets)\b/i,
};

/** Needs implied by repository files other than IaC and CI (those recognisers report their own). */
export async function repositoryNeeds(snapshot: Snapshot, examples: EnvExample[], readsInCode: ReadonlyMap<string, { path: string; line: number }>): Promise<AccessNeed[]> {
  const needs: AccessNeed[] = [];
  if (snapshot.has('.dvc/config')) {
    const read = await snapshot.readText('.dvc/config');
    if (read.ok) {
      for (const [section, values] of readIniSections(read.text)) {
        const url = values.get('url');
        if (!/^'?remote\s+"/.test(section) || !url) continue;
        needs.push({ category: 'data-storage', what: `DVC remote ${url.value}`, path: '.dvc/config', line: url.line });
        const cloud = cloudOfUrl(url.value);
        if (cloud) needs.push({ category: 'cloud', what: `${cloud} account holding the DVC remote`, path: '.dvc/config', line: url.line });
      }
    }
  }
  const names = new Map<string, { path: string; line?: number }>();
  for (const example of examples) for (const name of example.names) if (!names.has(name)) names.set(name, { path: example.path });
  for (const [name, where] of readsInCode) if (!names.has(name)) names.set(name, where);
  for (const [name, where] of names) {
    const category: AccessCategory | null = /^MLFLOW_|^WANDB_|^HF_(TOKEN|HOME)|^HUGGING_?FACE|^NEPTUNE_|^COMET_/.test(name)
      ? 'model-storage'
      : /^AWS_|^GOOGLE_(APPLICATION_CREDENTIALS|CLOUD_PROJECT)|^GCP_|^AZURE_|^ARM_(CLIENT|TENANT|SUBSCRIPTION)/.test(name)
        ? 'cloud'
        : /^(DATABASE_URL|DB_|POSTGRES|PG|MYSQL|SNOWFLAKE_|BIGQUERY_|REDSHIFT_|DATABRICKS_|WAREHOUSE_)|_BUCKET$|_DATA_(ROOT|URI|PATH)$|_EXPORT_ROOT$/.test(name)
          ? 'data-storage'
          : /^(VAULT_|SECRETS?_)|(_PASSWORD|_SECRET|_TOKEN|_API_KEY|_PRIVATE_KEY)$/.test(name)
            ? 'secrets'
            : /^(REGISTRY|DOCKER_REGISTRY|IMAGE_REPO)/.test(name)
              ? 'registry'
              : null;
    if (category) needs.push({ category, what: `setting ${name}`, path: where.path, line: where.line });
  }
  return needs;
}

/** `declared`: Markdown files the policy, manifest or repository locations name; each counts as a dedicated document. */
export async function collectAccessLists(snapshot: Snapshot, declared: readonly string[] = []): Promise<{ lists: AccessList[]; environments: EnvironmentSighting[] }> {
  const lists: AccessList[] = [];
  const environments: EnvironmentSighting[] = [];
  const declaredDocs = declared.filter((path) => /\.(md|markdown)$/i.test(path));
  const found = snapshot
    .glob(['**/*.{md,markdown}'])
    .filter((path) => !VENDORED.test(path) && (DEDICATED.test(path) || DEPLOYMENT_GUIDE.test(path) || /^(readme|docs\/readme|docs\/index)\.(md|markdown)$/i.test(path)) && !/(^|\/)(templates?|fixtures?|test|tests)\//i.test(path));
  const candidates = [...new Set([...declaredDocs, ...found])].slice(0, 40);
  for (const path of candidates) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const document = parseMarkdown(read.text);
    const dedicated = DEDICATED.test(path) || DEPLOYMENT_GUIDE.test(path) || declaredDocs.includes(path);
    // An access document or one the buyer named is about access throughout; elsewhere only lines that grant count.
    const aboutAccess = ACCESS_FILE.test(path) || declaredDocs.includes(path);
    const sections = dedicated ? [{ text: document.text, line: document.title?.line ?? 1 }] : document.sections.filter((section) => ACCESS_HEADING.test(section.heading.text) && !DEVELOPER_ENVIRONMENT.test(section.heading.text)).map((section) => ({ text: section.content, line: section.heading.line }));
    for (const section of sections) {
      const covers = new Set<AccessCategory>();
      const granting = aboutAccess ? section.text : grantingLines(section.text);
      for (const [category, pattern] of Object.entries(ACCESS_WORDS) as Array<[AccessCategory, RegExp]>) if (pattern.test(granting)) covers.add(category);
      const words = section.text.split(/\s+/).filter(Boolean).length;
      if (covers.size > 0 && words >= 15) lists.push({ path, line: section.line, dedicated, covers, words });
    }
    const environmentSections = document.sections.filter((candidate) => ENVIRONMENT_HEADING.test(candidate.heading.text) && !DEVELOPER_ENVIRONMENT.test(candidate.heading.text));
    for (const section of environmentSections.slice(0, 10)) {
      for (const match of section.content.matchAll(NAMED_STAGE)) {
        const name = match.slice(1).find((group) => group !== undefined && STAGE_NAMES.has(group.toLowerCase()));
        const stage = name ? environmentStage(name) : null;
        if (name && stage && !environments.some((known) => known.stage === stage && known.path === path)) environments.push({ name: name.toLowerCase(), stage, path, line: section.heading.line, via: 'documented environment', source: 'docs' });
      }
    }
  }
  lists.sort((a, b) => b.covers.size - a.covers.size || Number(b.dedicated) - Number(a.dedicated));
  return { lists, environments };
}

/** The sentences and list lines of a section that grant something (access, an account, a role, a token). */
function grantingLines(text: string): string {
  return text
    .split(/\n|(?<=[.!?])\s+/)
    .filter((line) => GRANT_WORDS.test(line))
    .join('\n');
}

function cloudOfUrl(url: string): string | null {
  if (/^'?s3:\/\//i.test(url)) return 'AWS';
  if (/^'?gs:\/\//i.test(url)) return 'Google Cloud';
  if (/^'?(azure|az|abfss?|wasbs?):\/\//i.test(url)) return 'Azure';
  return null;
}
