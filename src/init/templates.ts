// The starting points `ml-handover init` writes. Every prompt a vendor must replace starts with `TODO:`, which
// the checks recognise as template text: a freshly written template scans as present but incomplete.
// Kept as strings so the bundled CLI stays one file.

export interface Template {
  /** Where it is written, relative to the target folder. */
  path: string;
  /** What it is, for the output list. */
  title: string;
  content: string;
}

export const HANDOVER_MANIFEST_PATH = 'handover.yml';

/** A location the manifest template declares: a template `init` writes (or found at its path). */
export interface ManifestDeclaration {
  checkId: string;
  path: string;
}

/**
 * The handover manifest, declaring the templates that are (or will be) in place; artifacts found elsewhere
 * are left as comments, for the vendor to declare where they live if that is not a conventional place.
 */
export function handoverManifestTemplate(declared: readonly ManifestDeclaration[], foundElsewhere: readonly string[]): Template {
  const artifacts = declared.length
    ? ['artifacts:', ...declared.map(({ checkId, path }) => `  ${checkId}: ${path}`), ...foundElsewhere.map((checkId) => `  # ${checkId}: <where it lives, if not a conventional place>`)]
    : ['# artifacts:', ...foundElsewhere.map((checkId) => `#   ${checkId}: <where it lives, if not a conventional place>`)];
  const criteria = declared.find((declaration) => declaration.checkId === 'evaluation-criteria');
  const acceptance = criteria
    ? ['acceptance:', `  criteria: ${criteria.path}`, '  # thresholds:', '  #   - { metric: PR-AUC, comparison: ">=", threshold: 0.70, dataset: holdout-2025Q2, split: test }']
    : ['# acceptance:', '#   criteria: <your evaluation criteria file, e.g. evaluation/criteria.yml>', '#   thresholds:', '#     - { metric: PR-AUC, comparison: ">=", threshold: 0.70, dataset: holdout-2025Q2, split: test }'];
  return {
    path: HANDOVER_MANIFEST_PATH,
    title: 'handover manifest',
    content: `# Handover manifest: where this delivery's artifacts live, what it is accepted against, who owns it.
# ml-handover verifies every declaration (docs/handover-manifest.md; schema: \`ml-handover schema handover\`).
# It can only add places to look: the buyer's policy decides weights, thresholds and the gate.
$schema: https://github.com/ml-handover/ml-handover/schemas/handover-manifest.schema.json
version: 1
project: "TODO: name of the delivered model or system"
vendor: "TODO: vendor company"
buyer: "TODO: buyer company"

# The transfer stage you believe the delivery has reached: discovery, pilot, production or handover.
# Reported next to what the scan shows; it never changes the gate. Uncomment when it is true.
# milestone: pilot

# Where each artifact lives, per check id (\`ml-handover checks\` lists them): a path, a folder or a glob,
# or a list of them. Every declaration must match at least one file. Conventional places are found
# without being declared; declare what lives elsewhere.
${artifacts.join('\n')}

# The acceptance criteria the model was approved against: the criteria file, inline thresholds, or both.
${acceptance.join('\n')}

# Who answers for the system after handover, on both sides: a real name and an e-mail, chat channel or phone.
owners:
  - name: "TODO: vendor technical lead"
    role: vendor ML lead
    contact: "TODO: e-mail or chat handle"
  - name: "TODO: buyer owner after handover"
    role: buyer model owner
    contact: "TODO: e-mail or chat handle"
`,
  };
}

export const FIRST_ADR_TEMPLATE: Template = {
  path: 'docs/adr/0001-record-architecture-decisions.md',
  title: 'first architecture decision record',
  content: `# 1. Record architecture decisions

Date: TODO: YYYY-MM-DD

## Status

TODO: proposed or accepted

## Context

TODO: Why this engagement needs its decisions written down: who owns the system after handover, and which decisions (data sources, features, model family, evaluation protocol, serving) they will need the reasons for.

## Decision

TODO: State the decision in full sentences, e.g. that each significant decision is recorded as a numbered file in docs/adr/ with Status, Context, Decision and Consequences, written when the decision is made.

## Consequences

TODO: What becomes easier, harder or riskier because of this decision.
`,
};

export const RUNBOOK_TEMPLATE: Template = {
  path: 'docs/runbooks/runbook.md',
  title: 'runbook skeleton',
  content: `# Runbook: TODO: system name

Operating procedures for the team that runs the system. Replace every TODO with exact steps and commands, and commit
every script the commands call.

## Deploy

TODO: Which model version or image is deployed, the access needed, the exact command in a code block, and how to verify the deploy (smoke test, health endpoint).

## Rollback

TODO: How to return to the previous model version with exact commands (e.g. repoint the registry alias), and how to verify the rollback.

## Retraining

TODO: What triggers retraining, which data snapshot it uses, the exact command or pipeline stage, the evaluation gate with thresholds, who approves, and how the new version is registered.

## Monitoring and alerts

TODO: One entry per alert: its name, the threshold that fires it, what it means, the first response, and the dashboard to open.

## Diagnosis and triage

TODO: Symptoms, where to look (logs, dashboards), the exact commands to run, and what each finding means.

## Escalation and contacts

TODO: Who to call: on-call rotation or channel, named contacts on the vendor and buyer side, severity levels and expected response times.
`,
};

export const FAILURE_MODES_TEMPLATE: Template = {
  path: 'docs/failure-modes.md',
  title: 'failure-modes table',
  content: `# Failure modes: TODO: system name

One row per way the model or its pipeline fails. Rate severity (S), occurrence (O) and detection (D)
from 1 to 10 (D = 10: we would almost certainly not notice); RPN = S × O × D.

## FMEA worksheet

| ID | Failure mode | Effect | S | Cause | O | Detection | D | RPN | Mitigation | Owner |
|---|---|---|---|---|---|---|---|---|---|---|
| FM-1 | TODO: failure mode (e.g. input drift after an upstream schema change) | TODO: effect | TODO | TODO: cause | TODO | TODO: how it is detected | TODO | TODO | TODO: mitigation | TODO: owner |
| FM-2 | TODO: failure mode | TODO: effect | TODO | TODO: cause | TODO | TODO: how it is detected | TODO | TODO | TODO: mitigation | TODO: owner |

## Edge cases

- TODO: Inputs or populations where the model is weak (new customers, missing values, rare categories, seasonal periods), with thresholds, how each is detected and what to do.

## Out of scope

- TODO: Uses the model was not built or evaluated for.
`,
};

export const EVALUATION_CRITERIA_TEMPLATE: Template = {
  path: 'evaluation/criteria.yml',
  title: 'evaluation criteria file',
  content: `# Acceptance criteria the model is approved against (schema: \`ml-handover schema evaluation-criteria\`).
# One entry per criterion: metric, comparison, numeric threshold and the data it is measured on.
# Fill in every TODO: until then the criteria are not concrete and the file does not validate.
$schema: https://github.com/ml-handover/ml-handover/schemas/evaluation-criteria.schema.json
version: 1
approvedModel:
  name: "TODO: registered model name"
  version: "TODO: registered version"
approvedBy: "TODO: who approved the model against these criteria"
date: "TODO: YYYY-MM-DD"
criteria:
  - metric: "TODO: metric (e.g. PR-AUC)"
    comparison: ">="
    threshold: null # TODO: the bar, a number
    dataset: "TODO: evaluation dataset"
    split: "TODO: test or holdout"
    version: "TODO: data version (DVC md5, revision, tag)"
  - metric: "TODO: a second quality dimension (e.g. p95 latency, calibration, a key segment)"
    comparison: "<="
    threshold: null # TODO: the bar, a number
    unit: "TODO: unit"
    dataset: "TODO: evaluation dataset"
    split: "TODO: test or holdout"
`,
};

export const DATASET_MANIFEST_TEMPLATE: Template = {
  path: 'data-manifest.yml',
  title: 'dataset manifest',
  content: `# The datasets this delivery uses (schema: \`ml-handover schema dataset-manifest\`): where each one is,
# the hash that pins it, where it is stored, where it came from, its licence and how it was processed.
# Paths are relative to this file. Compute hashes with \`sha256sum <file>\`.
$schema: https://github.com/ml-handover/ml-handover/schemas/dataset-manifest.schema.json
manifestVersion: 1
storage: "TODO: where the data is kept (bucket URL, warehouse table, share)"
owner: "TODO: who answers questions about the data"
datasets:
  - name: "TODO: dataset name"
    path: "TODO: data/<file> or a URL"
    description: "TODO: what one row is, the period covered"
    source: "TODO: the system or supplier it came from, the export or query, and when"
    license: "TODO: licence or ownership and terms of use"
    preprocessing: "TODO: filters, joins, deduplication, labelling, splits, or the pipeline stage that does them"
    personalData: "TODO: personal or sensitive data it holds and how it is protected"
`,
};

export const BUYER_POLICY_TEMPLATE: Template = {
  path: 'buyer-policy.yml',
  title: 'buyer policy',
  content: `# The buyer's gate for a vendor delivery (schema: \`ml-handover schema policy\`). It belongs in the buyer's
# repository, not the vendor's: a vendor repository can only add artifact locations, never change the gate.
# Use it with: ml-handover scan <vendor-repository> --policy buyer-policy.yml
version: 1

# The transfer stage being gated: discovery, pilot, production or handover. Each stage requires the checks
# of the stage before it and more, at a higher minimum score.
milestone: pilot

# Overall score (0-100) the delivery must reach. Without it, the milestone's minimum applies.
minScore: 50

# Checks that must pass in addition to the milestone's (\`ml-handover checks\` lists them).
required:
  - decision-records

# Per-check settings: weight in the overall score, pass score (0-10, default 7), extra locations, options.
checks:
  evaluation-criteria:
    weight: 3
    minScore: 7
  dataset-versioning:
    minScore: 7

# Known gaps the buyer accepts for a while; an expired waiver fails the gate.
waivers: []
#  - check: monitoring
#    reason: Drift monitoring is delivered in the production phase (SOW annex C).
#    approvedBy: Buyer ML lead
#    expires: 2026-06-30
`,
};
