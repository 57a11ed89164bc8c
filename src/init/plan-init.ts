// What `ml-handover init` writes: the handover manifest, the buyer policy when asked, and a template for each
// artifact the checks found nothing of. Pure: what is missing and what exists in, a plan out.
import {
  BUYER_POLICY_TEMPLATE,
  DATASET_MANIFEST_TEMPLATE,
  EVALUATION_CRITERIA_TEMPLATE,
  FAILURE_MODES_TEMPLATE,
  FIRST_ADR_TEMPLATE,
  handoverManifestTemplate,
  RUNBOOK_TEMPLATE,
  type Template,
} from './templates.js';

/** An artifact template, written only when its check finds nothing of the kind (the check's "not found" finding). */
export interface ArtifactTemplate {
  checkId: string;
  notFoundFinding: string;
  /** What the check found instead, for the output ("decision records"). */
  artifact: string;
  template: Template;
  /** What handover.yml declares for it (a folder where more files will follow), default the template's path. */
  declare?: string;
}

export const ARTIFACT_TEMPLATES: readonly ArtifactTemplate[] = [
  { checkId: 'decision-records', notFoundFinding: 'no-records', artifact: 'decision records', template: FIRST_ADR_TEMPLATE, declare: 'docs/adr/' },
  { checkId: 'runbooks', notFoundFinding: 'no-runbooks', artifact: 'runbooks', template: RUNBOOK_TEMPLATE, declare: 'docs/runbooks/' },
  { checkId: 'failure-modes', notFoundFinding: 'no-failure-modes', artifact: 'failure modes', template: FAILURE_MODES_TEMPLATE },
  { checkId: 'evaluation-criteria', notFoundFinding: 'no-criteria', artifact: 'evaluation criteria', template: EVALUATION_CRITERIA_TEMPLATE },
  { checkId: 'dataset-versioning', notFoundFinding: 'no-data-versioning', artifact: 'data versioning', template: DATASET_MANIFEST_TEMPLATE },
];

export type PlannedAction =
  /** Will be written (or would be, on a dry run). */
  | { kind: 'write'; template: Template }
  /** The file exists: never overwritten. */
  | { kind: 'keep'; template: Template }
  /** The artifact already exists elsewhere in the repository: no template needed. */
  | { kind: 'present'; template: Template; artifact: string };

export interface InitInputs {
  /** Check ids whose "not found" finding was raised on the target. */
  missing: ReadonlySet<string>;
  exists: (path: string) => boolean;
  policy: boolean;
}

export function planInit(inputs: InitInputs): PlannedAction[] {
  const place = (template: Template): PlannedAction => (inputs.exists(template.path) ? { kind: 'keep', template } : { kind: 'write', template });
  const artifacts = ARTIFACT_TEMPLATES.map((artifact): PlannedAction =>
    inputs.missing.has(artifact.checkId) ? place(artifact.template) : { kind: 'present', template: artifact.template, artifact: artifact.artifact },
  );
  // The manifest declares the templates that will be in place; artifacts found elsewhere stay comments.
  const declared = ARTIFACT_TEMPLATES.filter((_, index) => artifacts[index].kind !== 'present').map((artifact) => ({ checkId: artifact.checkId, path: artifact.declare ?? artifact.template.path }));
  const foundElsewhere = ARTIFACT_TEMPLATES.filter((_, index) => artifacts[index].kind === 'present').map((artifact) => artifact.checkId);
  const manifest = handoverManifestTemplate(declared, foundElsewhere);
  // handover.yaml is the manifest too: do not add a second one next to it.
  const manifestAction: PlannedAction = inputs.exists('handover.yaml') ? { kind: 'keep', template: { ...manifest, path: 'handover.yaml' } } : place(manifest);
  return [...(inputs.policy ? [place(BUYER_POLICY_TEMPLATE)] : []), manifestAction, ...artifacts];
}
