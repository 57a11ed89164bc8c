// consistency: do the artifacts tell one story? The selected model's logged metrics against the acceptance
// thresholds and the numbers the documents report; declared dataset hashes against each other and the
// files present; the commits runs were trained from against the repository's history.
import { defineCheck, findingFrom, type Evidence, type Finding } from '../src/check.js';
import { verifyRunCommits, type CommitVerification } from '../src/consistency/commits.js';
import { compareDeclaredHashes, pairSources, type HashPair } from '../src/consistency/dataset-hashes.js';
import { compareApprovedModelHashes, type ModelHashComparison } from '../src/consistency/model-hashes.js';
import { abbreviateCommit, BROKEN_RELATION, COMPARATOR_SYMBOL, formatNumber, formatThreshold, location } from '../src/consistency/format.js';
import { groupGates, type Gate } from '../src/consistency/gates.js';
import { checkEvaluatedPrompt, compareClaims, compareEvalGates, chosenVariant, loggedOf, measuredInOperation, type EvalGateOutcome, type PromptCheck, type RunChoice } from '../src/consistency/llm-evaluations.js';
import { loggedMetricsOf } from '../src/consistency/logged-metrics.js';
import type { LoggedMetric } from '../src/consistency/metric-match.js';
import { compareApprovals, compareGates, compareReportedValues, type ApprovalOutcome, type GateOutcome, type ReportedOutcome } from '../src/consistency/thresholds.js';
import { collectDatasets, verifyDataFiles, type Verification } from '../src/datasets/index.js';
import { collectEvaluationCriteria, evaluationThresholds, type EvaluationCriteria } from '../src/evaluation/index.js';
import { collectExperiments, type ExperimentTracking, type SelectedModel } from '../src/experiments/index.js';
import { collectLlmEvaluations, LOOKED_FOR, type LlmEvaluations } from '../src/experiments/llm-evaluations.js';
import { readDeclaredDependencies } from '../src/llm/dependencies.js';
import { collectModels } from '../src/models/collect.js';
import { deliveryOfSelected, notLoadable } from '../src/models/selected-delivery.js';
import { DEFAULT_PROFILES, promptedOnly } from '../src/profiles/system-profile.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';

const MAX_FINDINGS_PER_KIND = 25;
const MAX_EVIDENCE_PER_KIND = 200;
/** Without git history a recorded commit can be neither confirmed nor refuted: half credit at most. */
const UNVERIFIABLE_CREDIT = 0.5;

/** Packages that send prompts to a model service (provider SDKs, LLM frameworks, gateways): an application built on them need not train one. */
const HOSTED_ROLES = new Set(['provider-sdk', 'framework', 'gateway']);

const check = defineCheck({
  id: 'consistency',
  title: 'Cross-artifact consistency',
  rationale:
    'Each artifact can look complete on its own and still contradict the others: a champion model that misses the threshold the acceptance criteria set, a model card quoting numbers the run never logged, a data manifest and dvc.lock naming different versions of one file, runs trained from commits that are not in the delivered repository. Only comparing them shows whether the handover tells one story.',
  defaultWeight: 3,
  role: 'safeguard',
  criteria: [
    {
      id: 'thresholds',
      title: 'The selected model meets the evaluation thresholds',
      weight: 4,
      description:
        'Every acceptance gate (criteria file, acceptance document, model card, runbook) compared with the final logged metric of the selected model (MLflow registry alias such as champion, or Production stage; a run tagged as selected; a W&B run tagged so). A missed gate scores 0. Otherwise 0.7, plus 0.3 × the share of gates with a logged metric (serving gates, measured by a load test, do not count against it). For an LLM application, the newest recorded evaluation that reports the metric (the configuration a decision kept) stands for the model; a promptfoo threshold is met when the worst case meets it.',
    },
    {
      id: 'reported',
      title: 'Documented numbers and the approved version match the tracker',
      weight: 2,
      description: 'Share of documented values (measured columns, model-index results) equal to the logged value as rounded in the document, of approvals naming the version the tracker selected, and of hashes recorded for the approved model (registry tags, model card, checksum files) equal to the hash of the artifact delivered for it (its bytes, or its DVC/LFS pointer). For an LLM application: pass counts documented with a date (`suite 24/24`) shown by a run of that day, and measured values equal to the newest recorded one.',
    },
    {
      id: 'datasets',
      title: 'Dataset hashes agree across declarations and with the files present',
      weight: 3,
      description:
        'Share of comparisons that agree: each pair of independent declarations of one path (.dvc, dvc.lock, data manifest, Croissant, Frictionless, dataset card; not two entries of dvc.lock, which DVC writes from the same bytes) by digest (size when they share no algorithm), and each declaration against the file in the snapshot (hashed up to the read cap, option `maxHashBytes`; size above it).',
    },
    {
      id: 'commits',
      title: "Runs' git commits exist in the repository's history",
      weight: 2,
      description: 'Share of commits recorded by runs (mlflow.source.git.commit, W&B git.commit) found in the history of the scanned revision. Without git history (a plain folder, an API scan) or beyond a shallow graft they are unverifiable and earn half. For an LLM application: the prompt text the newest evaluation ran equals a delivered prompt file (or the commit it records is in the history).',
    },
  ],
  findings: {
    'threshold-missed': {
      severity: 'error',
      title: 'Selected model misses an acceptance threshold',
      criterion: 'thresholds',
      remediation: 'Either the model that was selected does not meet the agreed bar, or the criteria are not the ones it was judged by. Select (and register) a model that meets every criterion, or agree changed criteria with the buyer in writing and update the criteria file.',
    },
    'no-selected-model': {
      severity: 'error',
      title: 'No selected model can be identified',
      criterion: 'thresholds',
      remediation: 'Mark the model that was shipped: register it and set an alias (`client.set_registered_model_alias("<name>", "champion", <version>)`), or tag its run (`mlflow.set_tag("selected", "true")`, W&B tag `champion`), and deliver the tracking store with it.',
    },
    'selected-without-metrics': {
      severity: 'error',
      title: 'Selected model has no logged metrics',
      criterion: 'thresholds',
      remediation: 'Deliver the run that produced the selected model, with its evaluation metrics logged under the names the criteria use (`mlflow.log_metric("pr_auc", ...)`).',
    },
    'no-thresholds': {
      severity: 'warning',
      title: 'No acceptance thresholds to compare with',
      criterion: 'thresholds',
      remediation: 'Write the acceptance gates (metric, comparator, threshold, data) in evaluation/criteria.yml, naming the tracker key of each metric (`loggedAs`), so the selected model can be checked against them.',
    },
    'metric-not-logged': {
      severity: 'warning',
      title: 'Acceptance metric not logged for the selected model',
      criterion: 'thresholds',
      remediation: "Log the metric to the selected model's run under the gate's name, or name the tracker key in the criteria file (`loggedAs: <key>`); a gate whose value lives nowhere cannot be re-checked.",
    },
    'metric-logged-elsewhere': {
      severity: 'info',
      title: 'Serving gate not in the training run',
      criterion: 'thresholds',
      remediation: 'Latency and throughput gates are measured by a load test, not the training run: log the load-test result to the selected run (or commit the load-test report) so it can be checked.',
    },
    'units-incomparable': {
      severity: 'warning',
      title: 'Logged value and threshold in units that cannot be compared',
      criterion: 'thresholds',
      remediation: 'State the unit of the threshold (`unit: ms`, `%`) and log the metric in the same unit.',
    },
    'reported-differs': {
      severity: 'error',
      title: 'Documented value differs from the logged value',
      criterion: 'reported',
      remediation: 'The document quotes a number the selected run did not log: correct the document from the tracker (or log the evaluation that produced the documented number), so the buyer reads the numbers of the model that ships.',
    },
    'model-hash-differs': {
      severity: 'error',
      title: 'The approved model differs from the hash recorded for it',
      criterion: 'reported',
      remediation: 'The weights delivered for the approved version are not the ones its registry tag, model card or checksum file records: deliver the approved weights, or correct the record once the buyer has confirmed which file was approved.',
    },
    'approved-version-differs': {
      severity: 'error',
      title: 'Approved version is not the selected one',
      criterion: 'reported',
      remediation: 'Approve the version that is selected (update the approval with approver and date), or point the registry alias at the version that was approved.',
    },
    'nothing-reported': {
      severity: 'info',
      title: 'No documented values to compare with the tracker',
      criterion: 'reported',
      remediation: 'Report the measured value of each criterion next to its threshold (criteria file `measured`, a Measured column, model card model-index results).',
    },
    'hash-conflict': {
      severity: 'error',
      title: 'Two declarations of one dataset disagree',
      criterion: 'datasets',
      remediation: 'The files name different versions of the same data: regenerate the stale one from the version the model was trained on (`dvc commit`/`dvc repro` for dvc.lock and .dvc files, recompute the manifest hash with `sha256sum`/`md5sum`).',
    },
    'file-differs': {
      severity: 'error',
      title: 'File present differs from its declared hash',
      criterion: 'datasets',
      remediation: 'The committed file is not the declared version: restore the declared version or re-declare the file (`dvc add`/`dvc commit`, manifest hash and size).',
    },
    'hashes-incomparable': {
      severity: 'info',
      title: 'Declarations of one dataset share no hash algorithm',
      criterion: 'datasets',
      remediation: 'Give the same algorithm in both places (DVC records md5; add md5 next to sha256 in the manifest) so the declarations can be compared.',
    },
    'datasets-not-cross-checkable': {
      severity: 'warning',
      title: 'No dataset hash can be cross-checked',
      criterion: 'datasets',
      remediation: 'Declare each dataset with a hash where a second source can confirm it: commit dvc.lock next to dvc.yaml (it records the md5 of every input), list the files in a data manifest with md5/sha256, and commit small reference files.',
    },
    'commit-not-in-history': {
      severity: 'error',
      title: "Run's commit is not in the repository history",
      criterion: 'commits',
      remediation: 'The code that trained the run is not in this repository: push the branch or commit it was trained from, or re-run the training from a commit in the delivered history and log that run.',
    },
    'commit-malformed': {
      severity: 'warning',
      title: 'Recorded commit is not a commit id',
      criterion: 'commits',
      remediation: 'Let the tracker record the commit (MLflow and W&B do so when training runs inside the git work tree) instead of writing the tag by hand.',
    },
    'commits-unverifiable': {
      severity: 'info',
      title: 'Commits cannot be verified without git history',
      criterion: 'commits',
      remediation: 'Scan the git repository itself (a local clone, a git URL, or `--ref`) with its full history, not an exported folder, an API listing or a shallow clone.',
    },
    'no-commits-recorded': {
      severity: 'warning',
      title: 'No run records the commit it was trained from',
      criterion: 'commits',
      remediation: 'Train inside the git work tree so the tracker records the commit (MLflow `mlflow.source.git.commit`, W&B `git.commit`), and deliver the runs.',
    },
    'no-eval-results': {
      severity: 'error',
      title: 'Thresholds without recorded evaluation results',
      criterion: 'thresholds',
      remediation: 'Keep the result of every evaluation run with the delivery (`promptfoo eval -o evals/results/<date>.json`, DeepEval test runs, Ragas result tables, Langfuse or LangSmith exports), so the thresholds can be checked against what the prompts and models actually scored.',
    },
    'claim-without-results': {
      severity: 'error',
      title: 'A documented evaluation result is not among the recorded runs',
      criterion: 'reported',
      remediation: 'Deliver the result file of the run the document quotes (the evaluation of that day), or correct the document to the run that was recorded.',
    },
    'prompt-differs': {
      severity: 'error',
      title: 'The newest evaluation ran another prompt than the one delivered',
      criterion: 'commits',
      remediation: 'Re-run the evaluation on the delivered prompt and keep its result, or deliver the prompt version that was evaluated: results of another prompt say nothing about the one that ships.',
    },
    'prompt-unrecorded': {
      severity: 'warning',
      title: 'No evaluation records the prompt or commit it ran',
      criterion: 'commits',
      remediation: 'Keep evaluation outputs that record the prompt text (promptfoo does), or log the git commit with each run (LangSmith metadata `revision_id`, promptfoo `metadata`), so each result can be tied to the delivered prompts.',
    },
  },
  scale: {
    high: "The selected model's logged metrics meet every acceptance threshold and match the documented numbers and the approved version; every dataset declared twice agrees and the files present match; every run's commit is in the scanned history.",
    low: 'The selected model misses its acceptance gates (or gates have no model or result to be checked against), declarations disagree and runs point at commits that do not exist. With nothing to cross-check (no gate, run, documented value or dataset declaration) the check is skipped: a safeguard takes nothing off for artifacts that are absent.',
  },
  recognises: [
    'acceptance gates from every evaluation-criteria source (evaluation/criteria.yml `loggedAs`, acceptance tables, model cards, runbooks), the same gate in several files compared once',
    'the selected model: MLflow registry alias (champion first) or Production stage (file store and SQLite), a run tagged selected/champion, a W&B run tagged champion (wandb-summary.json)',
    'metric names normalised (PR-AUC, pr-auc, auprc, average_precision; val_/test_/holdout prefixes, `val/` folders; training-split keys never answer a gate)',
    'documented values: criteria file `measured`, Measured columns, Hugging Face model-index results; approvals (approvedModel name and version); hashes recorded for the approved model artifact (as model-artifacts finds it)',
    'dataset declarations: .dvc files, dvc.lock deps and outs, data manifests, Croissant FileObject sha256/md5, Frictionless hash; files present hashed with md5/sha1/sha256/sha512',
    'run commits: MLflow mlflow.source.git.commit, W&B wandb-metadata.json git.commit, Sacred run.json, looked up with `git cat-file` in the scanned history',
    'for an LLM application: recorded evaluations (promptfoo result files, DeepEval test runs, Ragas tables, Langfuse/LangSmith exports, run-history tables; see experiment-tracking) compared with promptfoo assertion thresholds and every other evaluation threshold, pass counts documented in tables (`suite 24/24` on a date) compared with the runs of that day, the prompt text of the newest evaluation compared with the delivered prompt files',
  ],
  profiles: {
    'llm-application':
      'recorded prompt and model evaluations against the thresholds (a promptfoo threshold applies to every case: the worst case must meet it), documented pass counts against the runs of their day, and the prompt the newest evaluation ran against the delivered prompt (or its recorded commit against the history); dataset hashes are compared when evaluation sets or the corpus are declared with one, and leave the weight otherwise (no training data).',
  },
  async run(snapshot, context) {
    const [criteria, gatesFound, tracking, datasets] = await Promise.all([
      collectEvaluationCriteria(snapshot, context.locations),
      evaluationThresholds(snapshot, context.locations),
      collectExperiments(snapshot, {
        sqliteMaxBytes: positiveNumber(context.options.sqliteMaxBytes),
        inspectRuns: positiveNumber(context.options.inspectRuns),
      }),
      collectDatasets(snapshot, context.locations),
    ]);
    const evidence: Evidence[] = [];
    const findings: Finding[] = [];
    const gates = groupGates(gatesFound);

    // An application built on hosted models that trains nothing: its evaluation results are what the
    // thresholds and documents are compared with (unless a tracker marks a model of its own after all).
    if (promptedOnly(context.profiles ?? DEFAULT_PROFILES) && tracking.selected === null) {
      const evaluations = await collectLlmEvaluations(snapshot);
      return judgeLlmApplication(snapshot, { gates, criteria, datasets, evaluations, maxHashBytes: positiveNumber(context.options.maxHashBytes) });
    }

    // A delivery that trains no model of its own (an app calling hosted models) has no run, no selected model
    // and no training commit to compare: thresholds there score answers at run time. Only datasets can apply.
    // Both facts are needed: no sign of a model of its own is not proof (a training template may go unseen),
    // declared packages that call hosted models are.
    const models = await collectModels(snapshot);
    const ownModel = models.artifacts.length > 0 || models.approved !== null || models.trainingSigns.length > 0 || tracking.runs.length > 0;
    const hostedVia = ownModel ? [] : [...new Set((await readDeclaredDependencies(snapshot)).llm.filter((dep) => HOSTED_ROLES.has(dep.role)).map((dep) => dep.name))];
    if (!ownModel && hostedVia.length > 0) {
      const hosted = ` (it calls hosted models through ${hostedVia.slice(0, 4).join(', ')})`;
      const atRunTime = gates.length ? ` Its ${gates.length} threshold(s) (${gates.slice(0, 3).map((gate) => location(gate.primary.path, gate.primary.line)).join(', ')}) have no trained model or logged run to be compared with.` : '';
      const why = `the delivery trains and ships no model of its own${hosted}.${atRunTime}`;
      if (datasets.declarations.length === 0) return { status: 'skip', reason: `Nothing to cross-check: ${why} No dataset is declared with a hash.` };
      const dataset = await judgeDatasets(snapshot, datasets, positiveNumber(context.options.maxHashBytes), evidence, findings);
      const notApplicable = ['thresholds', 'reported', 'commits'].map((criterion) => ({ criterion, reason: why.charAt(0).toUpperCase() + why.slice(1) }));
      return { status: 'judged', criteria: { thresholds: 0, reported: 0, datasets: dataset.value, commits: 0 }, evidence: capEvidence(evidence), findings: capFindings(findings), summary: `${dataset.summary}; no model of its own to cross-check.`, notApplicable };
    }

    // A safeguard with nothing to compare takes nothing off: no two artifacts that could disagree is a skip, and
    // what is missing is the artifact checks' finding (evaluation-criteria, experiment-tracking, dataset-versioning).
    const activeRuns = tracking.runs.filter((run) => !run.deleted).length;
    const documented = documentedValues(criteria);
    if (gates.length === 0 && activeRuns === 0 && tracking.selected === null && datasets.declarations.length === 0 && documented === 0) {
      return { status: 'skip', reason: NOTHING_TO_CROSS_CHECK };
    }

    const selected = tracking.selected;
    const logged = selected ? await loggedMetricsOf(snapshot, selected) : null;
    if (selected) evidence.push(describeSelected(selected, tracking, logged?.metrics ?? []));

    const thresholds = judgeThresholds(gates, tracking, selected, logged, evidence, findings);
    // Gates met by logged metrics say nothing about a model nobody can load: the summary says which it is.
    if (selected && notLoadable(await deliveryOfSelected(snapshot, selected))) thresholds.summary += ` (by its run's logged metrics; ${selected.label} itself cannot be loaded from the delivery, see model-artifacts)`;
    const reported = judgeReported(criteria, selected, logged?.metrics ?? [], evidence, findings, await compareApprovedModelHashes(snapshot, context.locations));
    const dataset = await judgeDatasets(snapshot, datasets, positiveNumber(context.options.maxHashBytes), evidence, findings);
    const commitCheck = await verifyRunCommits(tracking.runs, snapshot.git, { selectedRunId: selected?.run?.id ?? selected?.runId ?? null });
    const commits = judgeCommits(commitCheck, tracking, selected, evidence, findings);

    // A criterion leaves the weight only when neither side of its comparison was delivered; one side without the
    // other (a gate and no model, a documented number and no run) is a shortfall and keeps scoring.
    const notApplicable = [
      ...(gates.length === 0 && selected === null && activeRuns === 0 ? [{ criterion: 'thresholds', reason: 'no acceptance threshold and no tracked run or selected model: nothing to compare' }] : []),
      ...(documented === 0 && selected === null ? [{ criterion: 'reported', reason: 'no documented value or approval and no selected model: nothing to compare' }] : []),
      ...(datasets.declarations.length === 0 ? [{ criterion: 'datasets', reason: 'no dataset is declared with a hash: no declaration that could disagree with another or with the files' }] : []),
      ...(activeRuns === 0 ? [{ criterion: 'commits', reason: 'no tracked run: no recorded commit to look up in the history' }] : []),
    ];
    return {
      status: 'judged',
      criteria: { thresholds: thresholds.value, reported: reported.value, datasets: dataset.value, commits: commits.value },
      evidence: capEvidence(evidence),
      findings: capFindings(findings),
      summary: [thresholds.summary, reported.summary, dataset.summary, commits.summary].join('; ') + '.',
      // Without history the commits keep their documented half credit, and the report's coverage says why.
      ...(commitCheck.history === 'none' && commitCheck.runsRecording > 0 ? { unsupported: [{ criterion: 'commits', reason: `run commits not verified: ${noHistoryReason(snapshot)}` }] } : {}),
      ...(notApplicable.length ? { notApplicable } : {}),
    };
  },
});

/** The four criteria for an application that trains no model: its evaluations stand where runs stood. */
async function judgeLlmApplication(
  snapshot: Snapshot,
  input: { gates: Gate[]; criteria: EvaluationCriteria; datasets: Awaited<ReturnType<typeof collectDatasets>>; evaluations: LlmEvaluations; maxHashBytes: number | undefined },
) {
  const { gates, criteria, datasets, evaluations } = input;
  const evidence: Evidence[] = [];
  const findings: Finding[] = [];
  const documented = evaluations.claims.length + documentedValues(criteria);
  if (gates.length === 0 && evaluations.runs.length === 0 && documented === 0 && datasets.declarations.length === 0) {
    return { status: 'skip' as const, reason: `Nothing to cross-check: no evaluation threshold, no recorded evaluation result, no documented result and no dataset declared with a hash, so no two artifacts could disagree. Looked for ${LOOKED_FOR}.` };
  }
  const thresholds = judgeEvalThresholds(gates, evaluations, evidence, findings);
  const reported = judgeEvalReported(criteria, evaluations, evidence, findings);
  const prompt = judgeEvaluatedPrompt(await checkEvaluatedPrompt(snapshot, evaluations.runs, evaluations.decisions), evaluations.runs.length, evidence, findings);
  const dataset = datasets.declarations.length ? await judgeDatasets(snapshot, datasets, input.maxHashBytes, evidence, findings) : null;
  return {
    status: 'judged' as const,
    criteria: { thresholds: thresholds.value, reported: reported.value, datasets: dataset?.value ?? 0, commits: prompt.value },
    evidence: capEvidence(evidence),
    findings: capFindings(findings),
    summary: [thresholds.summary, reported.summary, dataset?.summary ?? 'no dataset declared with a hash', prompt.summary].join('; ') + '.',
    // As for a trained model: a criterion leaves the weight only when neither side of its comparison exists.
    notApplicable: [
      ...(gates.length === 0 && evaluations.runs.length === 0 ? [{ criterion: 'thresholds', reason: 'no evaluation threshold and no recorded evaluation: nothing to compare' }] : []),
      ...(documented === 0 && evaluations.runs.length === 0 ? [{ criterion: 'reported', reason: 'no documented result and no recorded evaluation: nothing to compare' }] : []),
      ...(dataset ? [] : [{ criterion: 'datasets', reason: NO_TRAINING_DATA }]),
      ...(evaluations.runs.length === 0 ? [{ criterion: 'commits', reason: 'no recorded evaluation: no prompt or commit to tie to the delivered code' }] : []),
    ],
  };
}

const NOTHING_TO_CROSS_CHECK =
  'Nothing to cross-check: no acceptance threshold, no tracked run or registered model, no documented value and no dataset declared with a hash, so no two artifacts could disagree. What is missing is judged by evaluation-criteria, experiment-tracking and dataset-versioning.';

/** Documented values a tracker could confirm: measured values next to gates, model-index results, approvals. */
function documentedValues(collected: EvaluationCriteria): number {
  return compareReportedValues(collected.criteria, []).length + collected.approvals.length;
}

const NO_TRAINING_DATA = 'The delivery trains no model, so there is no training data whose hashes could disagree; no evaluation set or retrieval corpus is declared with a hash either.';

function describeChoice(choice: RunChoice): string {
  const where = choice.run.line !== undefined ? `${choice.run.path}:${choice.run.line}` : choice.run.path;
  return `${choice.variant.label}${choice.variant.provider ? ` on ${choice.variant.provider}` : ''} (${choice.run.tool} ${choice.run.date ?? 'undated'}, ${where})`;
}

function judgeEvalThresholds(gates: Gate[], evaluations: LlmEvaluations, evidence: Evidence[], findings: Finding[]): Judged {
  const { runs } = evaluations;
  if (gates.length === 0) {
    findings.push(findingFrom(check, 'no-thresholds', `No evaluation threshold was found${runs.length ? `, so the ${runs.length} recorded evaluation run(s) cannot be checked against anything` : ''}.`, { remediation: 'Write the thresholds the prompts must meet: promptfoo assertions with `threshold:` (llm-rubric, similar, latency), or an acceptance table (metric, comparator, threshold, evaluation set).' }));
    return { value: 0, summary: 'no evaluation thresholds' };
  }
  if (runs.length === 0) {
    const where = gates.slice(0, 3).map((gate) => location(gate.primary.path, gate.primary.line)).join(', ');
    findings.push(findingFrom(check, 'no-eval-results', `${gates.length} threshold(s) (${where}${gates.length > 3 ? ', …' : ''}) but no recorded evaluation result to compare them with. Looked for ${LOOKED_FOR}.`, { path: gates[0].primary.path, line: gates[0].primary.line }));
    return { value: 0, summary: `${gates.length} threshold(s), no recorded evaluation results` };
  }
  const outcomes = compareEvalGates(gates, runs, evaluations.decisions);
  for (const outcome of outcomes) describeEvalGate(outcome, evidence, findings);
  const met = outcomes.filter((o) => o.status === 'met').length;
  const missed = outcomes.filter((o) => o.status === 'missed').length;
  const unanswered = outcomes.filter((o) => o.status === 'incomparable' || (o.status === 'not-logged' && o.reason !== 'elsewhere')).length;
  const compared = met + missed;
  const value = compared === 0 || missed > 0 ? 0 : 0.7 + (0.3 * compared) / (compared + unanswered);
  const notRecorded = outcomes.length - compared;
  return { value, summary: `${met} of ${outcomes.length} evaluation threshold(s) met by the recorded results, ${missed} missed${notRecorded ? `, ${notRecorded} not recorded by any run` : ''}` };
}

function describeEvalGate(outcome: EvalGateOutcome, evidence: Evidence[], findings: Finding[]): void {
  const criterion = outcome.gate.primary;
  const bar = `${COMPARATOR_SYMBOL[criterion.comparator!]} ${formatThreshold(criterion.threshold!, criterion.unit, criterion.upper)}`;
  const at = { path: criterion.path, line: criterion.line };
  const by = outcome.choice ? describeChoice(outcome.choice) : 'no run';
  let note: string;
  if (outcome.status === 'met' || outcome.status === 'missed') {
    const { key, value } = outcome.match.logged;
    const threshold = formatThreshold(criterion.threshold!, criterion.unit, criterion.upper, value);
    const relation = outcome.status === 'met' ? `${COMPARATOR_SYMBOL[criterion.comparator!]} ${threshold} ✓` : `${BROKEN_RELATION[criterion.comparator!]} ${threshold} ✗`;
    note = `${key} ${formatNumber(value)} ${relation}; recorded by ${by}`;
    if (outcome.status === 'missed') findings.push(findingFrom(check, 'threshold-missed', `${key} ${formatNumber(value)} ${relation}: the recorded results of ${by} miss "${criterion.metric} ${bar}".`, { ...at, remediation: 'Either the prompt and model that ship do not meet the agreed bar, or the thresholds are not the ones they were judged by: improve the prompt (or change the model) until the suite meets every threshold and keep that result, or agree changed thresholds with the buyer in writing.' }));
  } else if (outcome.status === 'incomparable') {
    note = `${outcome.match.logged.key} ${formatNumber(outcome.match.logged.value)} vs ${bar}: units cannot be reconciled`;
    findings.push(findingFrom(check, 'units-incomparable', `"${criterion.metric} ${bar}" cannot be compared with the recorded ${outcome.match.logged.key} ${formatNumber(outcome.match.logged.value)}: the units differ.`, at));
  } else if (outcome.status === 'not-logged' && outcome.reason === 'elsewhere') {
    const operational = measuredInOperation(outcome.gate);
    note = `${criterion.metric} ${bar}: ${operational ? `measured on ${criterion.dataset}, not by an evaluation run` : 'a serving gate no recorded evaluation reports'}`;
    findings.push(
      findingFrom(check, 'metric-logged-elsewhere', `"${criterion.metric} ${bar}" is ${operational ? `measured on ${criterion.dataset}` : 'a serving gate'}; no recorded evaluation reports it, so it is left to monitoring and load tests.`, {
        ...at,
        remediation: 'Keep the measurement that answers it with the delivery (a load-test report, a monitoring export for the period the acceptance names), so the gate can be checked.',
      }),
    );
  } else {
    note = `${criterion.metric} ${bar}: no recorded evaluation reports it`;
    findings.push(findingFrom(check, 'metric-not-logged', `"${criterion.metric} ${bar}" is reported by no recorded evaluation (newest: ${by}).`, { ...at, remediation: 'Evaluate this threshold in the suite (a promptfoo assertion with its `metric:` name, a Ragas or DeepEval metric of that name) and keep the result, so the threshold can be re-checked.' }));
  }
  for (const statement of outcome.gate.statements) evidence.push({ path: statement.path, line: statement.line, kind: 'threshold-check', note });
}

function judgeEvalReported(collected: EvaluationCriteria, evaluations: LlmEvaluations, evidence: Evidence[], findings: Finding[]): Judged {
  let agree = 0;
  let total = 0;
  for (const outcome of compareClaims(evaluations.claims, evaluations.runs)) {
    const { claim } = outcome;
    const at = { path: claim.path, ...(claim.line !== undefined ? { line: claim.line } : {}) };
    const what = `"${claim.text}"${claim.date ? ` on ${claim.date}` : ''} (${claim.subject})`;
    total++;
    if (outcome.status === 'agrees') {
      agree++;
      evidence.push({ ...at, kind: 'reported-value', note: `${what} = ${outcome.variant.label}${outcome.variant.provider ? ` on ${outcome.variant.provider}` : ''} in ${outcome.run.path} ✓` });
    } else if (outcome.status === 'differs') {
      evidence.push({ ...at, kind: 'reported-value', note: `${what} ≠ ${outcome.shown.slice(0, 4).join(', ')} ✗` });
      findings.push(findingFrom(check, 'reported-differs', `The document claims ${claim.passed}/${claim.total} ${what}, but the run(s) recorded that day show ${outcome.shown.slice(0, 4).join(', ')} (${outcome.runs[0].path}).`, { ...at, remediation: 'Correct the document from the recorded result, or deliver the result file of the run it quotes.' }));
    } else {
      evidence.push({ ...at, kind: 'reported-value', note: `${what}: no evaluation recorded ${claim.date ? 'that day' : 'with a date to match'} ✗` });
      findings.push(findingFrom(check, 'claim-without-results', `The document claims ${what}, but no recorded evaluation ${claim.date ? `of ${claim.date}` : ''} shows it.`, at));
    }
  }
  // Measured values written next to thresholds, against the newest recorded value of that metric.
  const logged = latestLogged(evaluations);
  for (const outcome of logged.length ? compareReportedValues(collected.criteria, logged) : []) {
    if (outcome.status === 'not-logged') continue;
    const { statement, measured } = outcome;
    const { key, value, path } = outcome.match.logged;
    total++;
    if (outcome.status === 'agrees') agree++;
    else findings.push(findingFrom(check, 'reported-differs', `The document reports ${statement.metric} ${formatNumber(measured)}, but the recorded evaluation (${path}) shows ${key} ${formatNumber(value)}.`, { path: statement.path, line: statement.line }));
    evidence.push({ path: statement.path, line: statement.line, kind: 'reported-value', note: `${statement.metric} ${formatNumber(measured)} documented ${outcome.status === 'agrees' ? '=' : '≠'} ${key} ${formatNumber(value)} recorded ${outcome.status === 'agrees' ? '✓' : '✗'}` });
  }
  if (total === 0) {
    findings.push(findingFrom(check, 'nothing-reported', 'No document reports an evaluation result (a pass count such as "suite 24/24" with its date, or a measured value next to a threshold) that can be compared with the recorded runs.', { remediation: 'Record each prompt or model change with the result of its evaluation (date, what changed, "24/24" or the scores), or write the measured value next to each threshold.' }));
    return { value: 0, summary: 'no documented results to compare' };
  }
  return { value: agree / total, summary: `${agree} of ${total} documented result(s) match the recorded evaluations` };
}

/** Every metric recorded by the chosen configuration of a run, the newest run's value winning. */
function latestLogged(evaluations: LlmEvaluations): LoggedMetric[] {
  const byKey = new Map<string, LoggedMetric>();
  for (const run of [...evaluations.runs].reverse()) {
    const choice = chosenVariant(run, evaluations.decisions);
    if (!choice) continue;
    for (const metric of loggedOf(choice)) if (!byKey.has(metric.key)) byKey.set(metric.key, metric);
  }
  return [...byKey.values()];
}

function judgeEvaluatedPrompt(tie: PromptCheck | null, runs: number, evidence: Evidence[], findings: Finding[]): Judged {
  if (!tie) {
    // No recorded evaluation leaves the criterion's weight (see judgeLlmApplication); experiment-tracking asks for them.
    if (runs === 0) return { value: 0, summary: 'no evaluation to tie to the delivered prompts' };
    findings.push(findingFrom(check, 'no-commits-recorded', `None of ${runs} recorded evaluation(s) shows which configuration it ran, so no result can be tied to the delivered prompts.`, { remediation: 'Keep the result of every evaluation run with the delivery; promptfoo records the prompt text it ran, other tools can log the git commit as run metadata.' }));
    return { value: 0, summary: 'no evaluation to tie to the delivered prompts' };
  }
  const by = describeChoice(tie.choice);
  const at = { path: tie.choice.run.path, ...(tie.choice.run.line !== undefined ? { line: tie.choice.run.line } : {}) };
  switch (tie.status) {
    case 'same':
      evidence.push({ ...at, kind: 'evaluated-prompt', note: `${by} ran the prompt delivered as ${tie.file} ✓` });
      return { value: 1, summary: `the newest evaluated prompt is the delivered ${tie.file}` };
    case 'differs':
      evidence.push({ ...at, kind: 'evaluated-prompt', note: `${by} ran a prompt that ${tie.file ? `differs from the delivered ${tie.file}` : 'no delivered prompt file matches'} ✗` });
      findings.push(findingFrom(check, 'prompt-differs', `The newest evaluation, ${by}, ran a prompt text that ${tie.file ? `differs from the delivered ${tie.file}` : 'matches no delivered prompt file'}: its results say nothing about the prompt that ships.`, at));
      return { value: 0, summary: 'the newest evaluation ran another prompt than the delivered one' };
    case 'commit': {
      const sha = abbreviateCommit(tie.commit);
      evidence.push({ ...at, kind: 'git-commit', note: `${sha} (${by}): ${tie.found === 'found' ? 'in the history ✓' : tie.found === 'missing' ? 'not in the history ✗' : tie.found}` });
      if (tie.found === 'found') return { value: 1, summary: `the newest evaluation's commit ${sha} is in the history` };
      if (tie.found === 'missing') findings.push(findingFrom(check, 'commit-not-in-history', `The newest evaluation, ${by}, ran commit ${sha}, which is not in the history of the scanned revision.`, at));
      if (tie.found === 'malformed') findings.push(findingFrom(check, 'commit-malformed', `The newest evaluation, ${by}, records "${tie.commit.slice(0, 40)}" as its commit, which is not a commit id.`, at));
      if (tie.found === 'unverifiable') {
        findings.push(findingFrom(check, 'commits-unverifiable', `The commit ${sha} recorded by the newest evaluation cannot be looked up: this target has no (full) git history.`));
        return { value: UNVERIFIABLE_CREDIT, summary: `the newest evaluation's commit ${sha} is unverifiable` };
      }
      return { value: 0, summary: `the newest evaluation's commit ${sha} is not in the history` };
    }
    case 'unrecorded':
      findings.push(findingFrom(check, 'prompt-unrecorded', `No recorded evaluation keeps the prompt text it ran or a git commit (newest: ${by}), so no result can be tied to the delivered prompts.`, at));
      return { value: 0, summary: 'no evaluation records its prompt or commit' };
  }
}

function noHistoryReason(snapshot: Snapshot): string {
  return snapshot.target.kind === 'github' ? 'a GitHub API scan reads the files of one commit, not the git history' : 'the target has no git history (a plain folder or an export)';
}

export default check;

interface Judged {
  value: number;
  summary: string;
}

function judgeThresholds(
  gates: Gate[],
  tracking: ExperimentTracking,
  selected: SelectedModel | null,
  logged: { metrics: LoggedMetric[]; problem?: string } | null,
  evidence: Evidence[],
  findings: Finding[],
): Judged {
  if (gates.length === 0) {
    findings.push(findingFrom(check, 'no-thresholds', `No acceptance gate with a threshold was found${selected ? `, so the logged metrics of ${selected.label} cannot be checked against anything` : ''}.`));
  }
  if (!selected) {
    const runs = tracking.runs.filter((run) => !run.deleted).length;
    const where = tracking.stores.map((store) => store.ref.path).slice(0, 3).join(', ');
    // A DVC workspace run that is the only run is the delivered one (experiment-tracking says so too): with no
    // gate, nothing is missing here beyond the no-thresholds finding.
    const active = tracking.runs.filter((run) => !run.deleted);
    if (gates.length === 0 && active.length === 1 && active[0].store.kind === 'dvclive' && active[0].id === 'workspace') {
      return { value: 0, summary: `no acceptance gates to check the DVC workspace run (${active[0].path}) against` };
    }
    // With no gate either (a finding of its own), say what else cannot be compared rather than "0 gate(s)".
    const consequence = gates.length ? `${gates.length} acceptance gate(s) cannot be checked against the model that ships` : 'no documented value can be compared with the metrics of the model that ships';
    findings.push(
      findingFrom(
        check,
        'no-selected-model',
        runs > 0
          ? `${runs} tracked run(s) in ${where}, but none is marked as the selected model (no registry alias or Production stage, no selection tag), so ${consequence}.`
          : `No tracked run or registered model was delivered${tracking.stores.length ? ` that can be read (${where})` : ''}, so ${consequence}.`,
        storeLocation(tracking),
      ),
    );
    return { value: 0, summary: gates.length ? `${gates.length} acceptance gate(s), no selected model to check them against` : 'no acceptance gates and no selected model' };
  }
  if (gates.length === 0) return { value: 0, summary: `no acceptance gates to check ${selected.label} against` };
  if (!logged || logged.metrics.length === 0) {
    findings.push(findingFrom(check, 'selected-without-metrics', `${selected.label} is selected, but ${logged?.problem ?? 'no metric of it was found'}: none of ${gates.length} acceptance gate(s) can be checked.`, { path: selected.path }));
    return { value: 0, summary: `${selected.label} selected without logged metrics` };
  }

  const outcomes = compareGates(gates, logged.metrics);
  for (const outcome of outcomes) describeGate(outcome, selected, logged.metrics, evidence, findings);
  const met = outcomes.filter((o) => o.status === 'met').length;
  const missed = outcomes.filter((o) => o.status === 'missed').length;
  const unanswered = outcomes.filter((o) => o.status === 'incomparable' || (o.status === 'not-logged' && o.reason !== 'elsewhere')).length;
  const compared = met + missed;
  const value = compared === 0 || missed > 0 ? 0 : 0.7 + (0.3 * compared) / (compared + unanswered);
  const notLogged = outcomes.length - compared;
  return { value, summary: `${selected.label}: ${met} of ${outcomes.length} acceptance gate(s) met, ${missed} missed${notLogged ? `, ${notLogged} not comparable with a logged metric` : ''}` };
}

function describeGate(outcome: GateOutcome, selected: SelectedModel, logged: readonly LoggedMetric[], evidence: Evidence[], findings: Finding[]): void {
  const { gate } = outcome;
  const criterion = gate.primary;
  const bar = `${COMPARATOR_SYMBOL[criterion.comparator!]} ${formatThreshold(criterion.threshold!, criterion.unit, criterion.upper)}`;
  const at = { path: criterion.path, line: criterion.line };
  const others = gate.statements.slice(1).map((s) => location(s.path, s.line));
  const alsoIn = others.length ? ` (also stated in ${others.slice(0, 4).join(', ')}${others.length > 4 ? ', …' : ''})` : '';
  let note: string;
  switch (outcome.status) {
    case 'met':
    case 'missed': {
      const { key, value, path } = outcome.match.logged;
      const threshold = formatThreshold(criterion.threshold!, criterion.unit, criterion.upper, value);
      const relation = outcome.status === 'met' ? `${COMPARATOR_SYMBOL[criterion.comparator!]} ${threshold} ✓` : `${BROKEN_RELATION[criterion.comparator!]} ${threshold} ✗`;
      const matched = outcome.match.how === 'similar' ? ` (matched "${criterion.metric}" by a similar name)` : '';
      note = `${key} ${formatNumber(value)} ${relation}${matched}; logged in ${path}`;
      if (outcome.status === 'missed') {
        findings.push(findingFrom(check, 'threshold-missed', `${key} ${formatNumber(value)} ${relation}: ${selected.label} misses the gate "${criterion.metric} ${COMPARATOR_SYMBOL[criterion.comparator!]} ${threshold}"${criterion.dataset ? ` on ${criterion.dataset}` : ''}${alsoIn}.`, at));
      }
      break;
    }
    case 'incomparable': {
      const { key, value } = outcome.match.logged;
      note = `${key} ${formatNumber(value)} vs ${bar}: units cannot be reconciled`;
      findings.push(findingFrom(check, 'units-incomparable', `"${criterion.metric} ${bar}" cannot be compared with the logged ${key} ${formatNumber(value)}: the units differ.`, at));
      break;
    }
    case 'not-logged': {
      const keys = logged.map((m) => m.key);
      const shown = `${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', …' : ''}`;
      note = `${criterion.metric} ${bar}: no logged metric of ${selected.label} answers it (logged: ${shown})`;
      if (outcome.reason === 'elsewhere') {
        findings.push(findingFrom(check, 'metric-logged-elsewhere', `"${criterion.metric} ${bar}" is a serving gate; ${selected.label}'s run does not log it (logged: ${shown}).`, at));
      } else {
        const why = outcome.reason === 'segment' ? ` It is a gate on one segment (${criterion.slice ?? 'a slice'}); an overall metric of the same name cannot answer it: log the segment's value under its own key and name it with \`loggedAs\`.` : '';
        findings.push(findingFrom(check, 'metric-not-logged', `"${criterion.metric} ${bar}"${alsoIn} has no logged metric in ${selected.label}'s run (logged: ${shown}).${why}`, at));
      }
      break;
    }
  }
  for (const statement of gate.statements) {
    const same = statement === criterion ? note : `${note} (same gate as ${location(criterion.path, criterion.line)})`;
    evidence.push({ path: statement.path, line: statement.line, kind: 'threshold-check', note: same });
  }
}

function judgeReported(collected: EvaluationCriteria, selected: SelectedModel | null, logged: readonly LoggedMetric[], evidence: Evidence[], findings: Finding[], modelHashes: readonly ModelHashComparison[] = []): Judged {
  if (!selected) return { value: 0, summary: 'documented values not compared (no selected model)' };
  const values: ReportedOutcome[] = logged.length ? compareReportedValues(collected.criteria, logged) : [];
  const approvals: ApprovalOutcome[] = compareApprovals(collected.approvals, selected);
  let agree = 0;
  let total = 0;
  for (const outcome of values) {
    const { statement, measured } = outcome;
    const documented = `${formatNumber(measured)}${statement.measuredUnit ? ` ${statement.measuredUnit}` : ''}`;
    if (outcome.status === 'not-logged') {
      evidence.push({ path: statement.path, line: statement.line, kind: 'reported-value', note: `${statement.metric} ${documented}: not logged for ${selected.label}, not compared` });
      continue;
    }
    total++;
    const { key, value, path } = outcome.match.logged;
    if (outcome.status === 'agrees') {
      agree++;
      evidence.push({ path: statement.path, line: statement.line, kind: 'reported-value', note: `${statement.metric} ${documented} documented = ${key} ${formatNumber(value)} logged ✓` });
    } else {
      evidence.push({ path: statement.path, line: statement.line, kind: 'reported-value', note: `${statement.metric} ${documented} documented ≠ ${key} ${formatNumber(value)} logged ✗` });
      findings.push(findingFrom(check, 'reported-differs', `The document reports ${statement.metric} ${documented}, but ${selected.label} logged ${key} ${formatNumber(value)} (${path}).`, { path: statement.path, line: statement.line }));
    }
  }
  for (const outcome of approvals) {
    total++;
    const at = { path: outcome.approval.path, line: outcome.approval.line };
    if (outcome.status === 'agrees') agree++;
    else findings.push(findingFrom(check, 'approved-version-differs', `${outcome.detail} (${selected.path}).`, at));
    evidence.push({ ...at, kind: 'approval-check', note: `${outcome.detail} ${outcome.status === 'agrees' ? '✓' : '✗'}` });
  }
  // The approved model's recorded hashes against the artifact delivered for it (see model-artifacts).
  for (const outcome of modelHashes) {
    total++;
    if (outcome.status === 'agrees') agree++;
    else findings.push(findingFrom(check, 'model-hash-differs', `${outcome.detail}.`, { path: outcome.path, line: outcome.line }));
    evidence.push({ path: outcome.path, line: outcome.line, kind: 'model-hash-check', note: `${outcome.detail} ${outcome.status === 'agrees' ? '✓' : '✗'}` });
  }
  if (total === 0) {
    findings.push(findingFrom(check, 'nothing-reported', `No document reports a value (or an approved version) that can be compared with what ${selected.label} logged.`));
    return { value: 0, summary: 'no documented values to compare' };
  }
  return { value: agree / total, summary: `${agree} of ${total} documented value(s) and approval(s) match the tracker` };
}

async function judgeDatasets(snapshot: Snapshot, model: Awaited<ReturnType<typeof collectDatasets>>, maxHashBytes: number | undefined, evidence: Evidence[], findings: Finding[]): Promise<Judged> {
  const { pairs, capped } = compareDeclaredHashes(model);
  const verifications = await verifyDataFiles(snapshot, model, { maxHashBytes });
  // Only independent records, or a record against the bytes, verify anything; what was compared is counted by kind.
  const compared = new Map<string, number>();
  let agree = 0;
  let conflict = 0;
  let internal = 0;
  for (const pair of pairs) describePair(pair, evidence, findings);
  for (const pair of pairs) {
    const outcome = pair.status === 'agree' || pair.status === 'size-agree' ? 'agree' : pair.status === 'conflict' ? 'conflict' : null;
    if (!outcome) continue;
    if (!pair.independent) {
      internal++;
      continue;
    }
    if (outcome === 'agree') agree++;
    else conflict++;
    compared.set(pairSources(pair), (compared.get(pairSources(pair)) ?? 0) + 1);
  }
  let absent = 0;
  const checkedFiles = new Set<string>();
  for (const verification of verifications) {
    const outcome = describeVerification(verification, evidence, findings);
    if (outcome === 'absent') absent++;
    if (outcome !== 'agree' && outcome !== 'conflict') continue;
    // dvc.lock names a file as one stage's output and the next stage's input: the bytes are compared once per digest.
    const key = `${verification.declaration.target}\0${verification.declaration.hashes.map((hash) => hash.value).join(',')}`;
    if (checkedFiles.has(key)) continue;
    checkedFiles.add(key);
    if (outcome === 'agree') agree++;
    else conflict++;
    compared.set('declaration vs file present', (compared.get('declaration vs file present') ?? 0) + 1);
  }
  const total = agree + conflict;
  const notCounted = internal ? `${internal} pair(s) of entries within one dvc.lock or between dvc.lock files, which DVC writes from the same bytes, not counted` : '';
  if (total === 0) {
    const declared = model.declarations.length;
    // No declaration at all leaves the criterion's weight (see run); dataset-versioning reports the absence.
    if (declared === 0) return { value: 0, summary: 'no dataset declared with a hash' };
    findings.push(
      findingFrom(
        check,
        'datasets-not-cross-checkable',
        `${declared} dataset declaration(s), but no path is declared by two independent records (.dvc file, dvc.lock, data manifest, Croissant, Frictionless) with a comparable hash and no declared file is present to hash${absent ? ` (${absent} declared file(s) are not in the snapshot)` : ''}${notCounted ? `; ${notCounted}` : ''}.`,
      ),
    );
    return { value: 0, summary: 'no dataset hash cross-checked' };
  }
  const cappedNote = capped ? ' (pairs capped)' : '';
  const what = [...compared].map(([sources, count]) => `${count} ${sources}`).join(', ');
  return { value: agree / total, summary: `${total} dataset hash comparison(s)${cappedNote} (${what}), ${conflict} disagree${notCounted ? `; ${notCounted}` : ''}` };
}

function describePair(pair: HashPair, evidence: Evidence[], findings: Finding[]): void {
  const mark = pair.status === 'conflict' ? '✗' : pair.status === 'incomparable' ? '?' : '✓';
  const at = { path: pair.first.declaredIn, ...(pair.first.line !== undefined ? { line: pair.first.line } : {}) };
  const between = `${location(pair.first.declaredIn, pair.first.line)} vs ${location(pair.second.declaredIn, pair.second.line)}`;
  const counted = pair.independent ? '' : ' (written by DVC from the same bytes: not counted as verification)';
  evidence.push({ ...at, kind: 'dataset-hash-pair', note: `${pair.target}: ${pair.detail} (${between}) ${mark}${counted}` });
  if (pair.status === 'conflict') {
    // Within dvc.lock a disagreement is still true: a stage ran on an older version of another stage's output.
    const why = pair.independent ? '' : ': the later stage ran on another version of this file than the earlier stage last wrote (re-run `dvc repro`)';
    findings.push(findingFrom(check, 'hash-conflict', `${pair.target}: ${location(pair.first.declaredIn, pair.first.line)} and ${location(pair.second.declaredIn, pair.second.line)} name different versions: ${pair.detail}${why}.`, at));
  } else if (pair.status === 'incomparable' && pair.independent) {
    findings.push(findingFrom(check, 'hashes-incomparable', `${pair.target}: ${pair.detail} (${between}).`, at));
  }
}

function describeVerification(verification: Verification, evidence: Evidence[], findings: Finding[]): 'agree' | 'conflict' | 'absent' | 'other' {
  const { declaration, status, detail } = verification;
  const at = { path: declaration.declaredIn, ...(declaration.line !== undefined ? { line: declaration.line } : {}) };
  const conflict = status === 'mismatch' || status === 'size-mismatch' || status === 'directory-mismatch';
  const agree = status === 'match' || status === 'size-match' || status === 'directory-match';
  const mark = conflict ? ' ✗' : agree ? ' ✓' : '';
  evidence.push({ ...at, kind: 'dataset-file-check', note: `${declaration.target} against the file present: ${status}: ${abbreviateDigests(detail)}${mark}` });
  if (conflict) findings.push(findingFrom(check, 'file-differs', `${declaration.target}: ${abbreviateDigests(detail)}.`, at));
  return conflict ? 'conflict' : agree ? 'agree' : status === 'absent' ? 'absent' : 'other';
}

/** verify.ts prints whole digests; findings show enough of each to tell them apart. */
function abbreviateDigests(text: string): string {
  return text.replace(/\b([0-9a-f]{12})[0-9a-f]{20,}\b/g, '$1…');
}

function judgeCommits(verification: CommitVerification, tracking: ExperimentTracking, selected: SelectedModel | null, evidence: Evidence[], findings: Finding[]): Judged {
  const { lookups, history } = verification;
  const selectedRunId = selected?.run?.id ?? selected?.runId ?? null;
  if (lookups.length === 0) {
    const runs = tracking.runs.filter((run) => !run.deleted).length;
    // A run recorded in a file of the delivered commit (DVC's workspace run is dvc.lock) is tied to that commit
    // by the history itself: there is no separate commit id to look up, and nothing is missing.
    const inCommit = tracking.runs.filter((run) => !run.deleted && run.hasGitCommit && !run.gitCommit);
    if (inCommit.length > 0) {
      for (const run of inCommit.slice(0, 10)) evidence.push({ path: run.path, kind: 'git-commit', note: `${run.name ?? run.id}: recorded in ${run.path}, a file of the delivered commit ✓` });
      return { value: inCommit.length / runs, summary: `${inCommit.length} of ${runs} run(s) recorded in files of the delivered commit (${inCommit[0].path})` };
    }
    // No run at all leaves the criterion's weight (see run); experiment-tracking reports the missing history.
    if (runs === 0) return { value: 0, summary: 'no tracked run' };
    findings.push(findingFrom(check, 'no-commits-recorded', `None of ${runs} tracked run(s) records the git commit it was trained from, so no run can be tied to the delivered code.`, storeLocation(tracking)));
    return { value: 0, summary: 'no run records a commit' };
  }
  let credit = 0;
  let missing = 0;
  let unverifiable = 0;
  for (const lookup of lookups) {
    const run = lookup.runs[0];
    const runName = `${run.id === selectedRunId ? "the selected model's run" : 'run'} ${run.name ?? run.id}${lookup.runs.length > 1 ? ` and ${lookup.runs.length - 1} more run(s)` : ''}`;
    const RunName = runName.charAt(0).toUpperCase() + runName.slice(1);
    const at = { path: commitPath(run) };
    const sha = abbreviateCommit(lookup.sha);
    switch (lookup.status) {
      case 'found':
        credit += 1;
        evidence.push({ ...at, kind: 'git-commit', note: `${sha} (${runName}): in the history of the scanned revision ✓` });
        break;
      case 'missing':
        missing++;
        evidence.push({ ...at, kind: 'git-commit', note: `${sha} (${runName}): not in the history ✗` });
        findings.push(findingFrom(check, 'commit-not-in-history', `${RunName} was trained from commit ${sha}, which is not in the history of the scanned revision.`, at));
        break;
      case 'unverifiable':
        unverifiable++;
        credit += UNVERIFIABLE_CREDIT;
        evidence.push({ ...at, kind: 'git-commit', note: `${sha} (${runName}): unverifiable (${history === 'shallow' ? 'shallow history' : 'no git history'})` });
        break;
      case 'malformed':
        evidence.push({ ...at, kind: 'git-commit', note: `"${lookup.sha.slice(0, 40)}" (${runName}): not a commit id ✗` });
        findings.push(findingFrom(check, 'commit-malformed', `${RunName} records "${lookup.sha.slice(0, 40)}" as its commit, which is not a commit id.`, at));
        break;
    }
  }
  if (unverifiable > 0) {
    findings.push(
      findingFrom(
        check,
        'commits-unverifiable',
        history === 'shallow'
          ? `${unverifiable} recorded commit(s) are not in this shallow history; they may lie before the graft.`
          : `${unverifiable} commit(s) recorded by ${verification.runsRecording} run(s) cannot be looked up: this target has no git history (a plain folder or an API scan).`,
      ),
    );
  }
  const skipped = verification.skipped ? `, ${verification.skipped} more not looked up` : '';
  const summary =
    history === 'none'
      ? `${lookups.length} run commit(s) unverifiable without git history`
      : `${lookups.length - missing - unverifiable} of ${lookups.length} run commit(s) in the history${missing ? `, ${missing} missing` : ''}${unverifiable ? `, ${unverifiable} beyond the shallow graft` : ''}`;
  return { value: credit / lookups.length, summary: summary + skipped };
}

/** Where to point a finding about runs: the first store that holds any. */
function storeLocation(tracking: ExperimentTracking): { path?: string } {
  const store = tracking.stores.find((entry) => entry.runs.length > 0) ?? tracking.stores[0];
  return store ? { path: store.ref.path } : {};
}

function commitPath(run: ExperimentTracking['runs'][number]): string {
  if (run.store.kind === 'mlflow-file-store') return `${run.path}/tags/mlflow.source.git.commit`;
  if (run.store.kind === 'wandb') return `${run.path}/files/wandb-metadata.json`;
  return run.path;
}


function describeSelected(selected: SelectedModel, tracking: ExperimentTracking, logged: readonly LoggedMetric[]): Evidence {
  const via = selected.via === 'alias' ? `alias ${selected.aliases.map((a) => `@${a}`).join(' ')}` : selected.via === 'stage' ? `stage ${selected.stage}` : 'a selection tag';
  const run = selected.run ? `run ${selected.run.name ?? selected.run.id}` : `run ${selected.runId ?? 'unknown'} not delivered`;
  const others = tracking.candidates.length > 1 ? `; ${tracking.candidates.length - 1} other candidate(s): ${tracking.candidates.slice(1, 4).map((c) => c.label).join(', ')}` : '';
  return { path: selected.path, kind: 'selected-model', note: `${selected.label}, selected by ${via}; ${run}; ${logged.length} logged metric(s)${logged.length ? ` (${logged.slice(0, 8).map((m) => m.key).join(', ')}${logged.length > 8 ? ', …' : ''})` : ''}${others}` };
}

function capFindings(findings: Finding[]): Finding[] {
  const count = new Map<string, number>();
  const kept: Finding[] = [];
  for (const finding of findings) {
    const n = (count.get(finding.id) ?? 0) + 1;
    count.set(finding.id, n);
    if (n <= MAX_FINDINGS_PER_KIND) kept.push(finding);
  }
  for (const [id, n] of count) {
    if (n > MAX_FINDINGS_PER_KIND) kept.push(findingFrom(check, id, `…and ${n - MAX_FINDINGS_PER_KIND} more of this kind (not listed).`));
  }
  return kept;
}

function capEvidence(evidence: Evidence[]): Evidence[] {
  const count = new Map<string, number>();
  const kept: Evidence[] = [];
  for (const item of evidence) {
    const n = (count.get(item.kind) ?? 0) + 1;
    count.set(item.kind, n);
    if (n <= MAX_EVIDENCE_PER_KIND) kept.push(item);
  }
  for (const [kind, n] of count) {
    if (n > MAX_EVIDENCE_PER_KIND) kept.push({ path: '', kind, note: `…and ${n - MAX_EVIDENCE_PER_KIND} more comparison(s) of this kind` });
  }
  return kept;
}

function positiveNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}
