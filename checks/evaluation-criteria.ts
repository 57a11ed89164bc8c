// evaluation-criteria: did the vendor write down, concretely, what "good enough" means for the model (metric,
// comparator, threshold, the data it is measured on), across more than one quality dimension, and which
// model version those criteria approved?
import { defineCheck, findingFrom, type Evidence, type Finding } from '../src/check.js';
import { describeFamily, ACCEPTANCE } from '../src/formats/vocabulary.js';
import { collectEvaluationCriteria, meetsCriterion, type CriteriaSource, type EvaluationCriteria, type EvaluationCriterion, type ModelApproval } from '../src/evaluation/index.js';

const MAX_FINDINGS_PER_KIND = 25;
const COMPARATOR_TEXT: Record<string, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '==': '=', between: 'between' };

const check = defineCheck({
  id: 'evaluation-criteria',
  title: 'Evaluation and acceptance criteria',
  rationale:
    'A receiving team can only retrain, replace or defend a model if it knows the bar the model was accepted against: which metric, which threshold, on which data, for which model version. "The model performs well" cannot be re-checked; "PR-AUC ≥ 0.70 on holdout-2025Q2 (test, md5 3fa1…)" can.',
  defaultWeight: 2,
  criteria: [
    { id: 'present', title: 'Acceptance criteria are written down', weight: 2, description: 'Three or more concrete criteria earn full marks; fewer earn part; metrics reported without any bar earn a quarter.' },
    {
      id: 'concrete',
      title: 'Criteria are concrete: metric, comparator and threshold',
      weight: 4,
      description: 'Share of criteria (including vague statements) that name a metric, a comparator and a threshold (a gate in code or config counts: `MIN_RECALL = 0.8`, `acceptance_threshold_min: 0.42`, a pipeline condition step), scaled down below three concrete criteria and when the criteria file breaks its schema. The data is judged by the next criterion.',
    },
    { id: 'versioned', title: 'The data is named and pinned to a version', weight: 1, description: 'Per concrete criterion: its dataset/split named with a version (DVC md5, revision, tag, release, here or in another file naming the same dataset) earns full marks, named without a version half, not named nothing.' },
    { id: 'dimensions', title: 'More than one quality dimension', weight: 2, description: 'Distinct dimensions among concrete criteria (ranking, classification, calibration, serving latency, fairness across a slice, segment performance, data quality …): one earns 0.3, two 0.7, three or more full marks.' },
    { id: 'approved', title: 'The approved model version is named', weight: 1, description: 'A model name and version the criteria approved, with approver and date, earn full marks; a name or version alone earns half.' },
  ],
  findings: {
    'no-criteria': {
      severity: 'error',
      title: 'No evaluation criteria found',
      criterion: 'present',
      remediation:
        'Write the acceptance criteria the model was approved against: a table in docs/evaluation/acceptance-criteria.md (Metric | Dataset / split (version) | Threshold | Measured) and the same in evaluation/criteria.yml (schema: `ml-handover schema evaluation-criteria`), naming the approved model version, the approver and the date.',
    },
    'no-concrete-criteria': {
      severity: 'error',
      title: 'Nothing found is a concrete criterion',
      criterion: 'concrete',
      remediation: 'Turn each statement into a gate: a named metric, a comparator and threshold (≥ 0.70, ≤ 150 ms), and the dataset and split it is measured on, with a version.',
    },
    'no-dataset': {
      severity: 'warning',
      title: 'Gates do not say which data they are measured on',
      criterion: 'versioned',
      remediation: 'Name the evaluation data next to each gate (dataset and split, with a DVC md5, revision or release tag), in the config or in the acceptance document, so the bar can be re-checked on the same rows.',
    },
    'results-without-thresholds': {
      severity: 'warning',
      title: 'Metrics are reported without a pass bar',
      criterion: 'present',
      remediation: 'Reported values (model-index, eval results, harness metric lists) say what the model scored, not what it had to score. Add the threshold each metric had to meet, in the criteria table or evaluation/criteria.yml.',
    },
    'incomplete-criterion': {
      severity: 'warning',
      title: 'Criterion lacks a metric, comparator, threshold or dataset',
      criterion: 'concrete',
      remediation: 'Complete the criterion: metric name, comparator (≥, ≤, <, >), numeric threshold with its unit, and the dataset and split it is measured on (with a version).',
    },
    'vague-criterion': {
      severity: 'warning',
      title: 'Criterion stated without a number',
      criterion: 'concrete',
      remediation: 'Replace the claim with a measurable criterion, e.g. "PR-AUC ≥ 0.70 on holdout-2025Q2 (test)" or "p95 latency ≤ 150 ms under the 2025-06 load test".',
    },
    'comparator-inferred': {
      severity: 'info',
      title: 'Threshold written without a comparator',
      criterion: 'concrete',
      remediation: 'Write the comparator next to the number (≥ 0.70, ≤ 150 ms) so nobody has to guess the direction.',
    },
    'unversioned-data': {
      severity: 'info',
      title: 'Criteria name data without a version',
      criterion: 'versioned',
      remediation: 'Pin the evaluation data: add its DVC md5, dataset revision or release tag next to the dataset name, so the numbers can be reproduced on the same rows.',
    },
    'data-quality-only': {
      severity: 'warning',
      title: 'Only data-quality expectations, no model criteria',
      criterion: 'concrete',
      remediation: 'Data expectations guard the inputs; add acceptance criteria for the model itself (quality metric, threshold, evaluation data).',
    },
    'single-dimension': {
      severity: 'warning',
      title: 'Criteria cover only one quality dimension',
      criterion: 'dimensions',
      remediation: 'Add criteria for other ways the model can fail the business: calibration (ECE, Brier), serving latency (p95), performance on key segments, and gaps across slices (fairness).',
    },
    'no-approved-model': {
      severity: 'warning',
      title: 'No approved model version named',
      criterion: 'approved',
      remediation: 'State which model version the criteria approved, e.g. `approvedModel: {name: kestrel-churn, version: 2}` with `approvedBy` and `date` in evaluation/criteria.yml, or "Approved model: kestrel-churn version 2, approved by … on YYYY-MM-DD" in the criteria document.',
    },
    'approval-incomplete': {
      severity: 'warning',
      title: 'Approval lacks the model version, approver or date',
      criterion: 'approved',
      remediation: 'Name the approved model and its registered version, who approved it, and when.',
    },
    'conflicting-approvals': {
      severity: 'warning',
      title: 'Files name different approved models',
      criterion: 'approved',
      remediation: 'Make every criteria file name the same approved model version, or say which approval supersedes the other.',
    },
    'inconsistent-thresholds': {
      severity: 'warning',
      title: 'The same metric has different thresholds in different files',
      criterion: 'concrete',
      remediation: 'Agree on one bar per metric and data and use it everywhere (criteria file, acceptance document, model card).',
    },
    'criterion-not-met': {
      severity: 'warning',
      title: 'A reported value misses its own criterion',
      remediation: 'Either the model does not meet the acceptance criterion, or the number is stale: re-measure, and record the decision if the model was accepted anyway.',
    },
    'invalid-criteria-file': {
      severity: 'error',
      title: 'Criteria file does not match the schema',
      criterion: 'concrete',
      remediation: 'Fix the criteria file so it validates against schemas/evaluation-criteria.schema.json (`ml-handover schema evaluation-criteria`); quote comparisons in YAML (comparison: ">=").',
    },
    'unparsed-file': {
      severity: 'error',
      title: 'Evaluation file could not be parsed',
      criterion: 'present',
      remediation: 'Fix the syntax at the given line; the criteria in this file are not counted until it parses.',
    },
    'invalid-metadata': {
      severity: 'warning',
      title: 'model-index entry misses required fields',
      remediation: 'Give each model-index result task.type, dataset.type and dataset.name, and each metric a type and a numeric value (Hugging Face model card spec).',
    },
  },
  scale: {
    high: 'Three or more concrete criteria (metric, comparator, threshold, versioned dataset and split) across three or more quality dimensions, consistent across files, naming the approved model version, approver and date.',
    low: 'No criteria anywhere, or only prose such as "the model should be accurate".',
  },
  recognises: [
    'ml-handover criteria file `evaluation/criteria.yml` (schema `evaluation-criteria`: criteria [{metric, comparison, threshold, unit, dataset, split, version, slice, baseline}], approvedModel, approvedBy, date)',
    'Markdown criteria tables and sentences: ACCEPTANCE.md, acceptance-criteria.md, evaluation-plan.md, docs/evaluation/**, evaluation/**, and sections headed "Acceptance criteria", "Success criteria", "Evaluation criteria/plan", "Quality bar", "Go/no-go" in READMEs, model cards and docs/',
    'comparators ≥ >= "at least" "no less than" ≤ <= "at most" "no more than" < > "below" "between … and …", "or higher/lower", with %, pp, ms, s units',
    'Hugging Face `model-index` in model-card front matter and `.eval_results/*.yaml` (values without thresholds)',
    'promptfoo `promptfooconfig*.yaml` assertions (threshold, latency, cost)',
    'ai-rag-chat-evaluator run configs (`evals/eval_config.json`, `evaluate_config.json`: `requested_metrics` on `testdata_path`): each GPT rating metric is a per-answer bar of 4 of 5 (the harness\'s pass bar), its code metrics (latency, answer length, citations) are measured without a bar',
    'EleutherAI lm-evaluation-harness task YAML (`metric_list`), OpenAI evals registry YAML (`registry/evals/*.yaml`)',
    'Great Expectations suites (`great_expectations/expectations/**.json`, `gx/expectations/**.json`) as data-quality criteria',
    'gate configs named for gates or thresholds (`configs/gates.yaml`, `thresholds.yml`, `quality_gates.json`): `ndcg@10: ">= 0.80"`, `min_recall: 0.8`, `recall: {min: 0.8}`, lists of `{metric, op, threshold, dataset}`, bare numbers on metric keys (direction from the metric)',
    `named threshold constants in evaluation code (evaluation/ folders, *eval*/*gate*/*threshold* files, model-quality tests; any language): \`MIN_RECALL = 0.8\`, \`THRESHOLD = 0.75\` compared as \`score >= THRESHOLD\` (metric from the comparison or the file name), literal \`assert ndcg >= 0.8\`, DeepEval/RAGAS \`FaithfulnessMetric(threshold=0.5)\` (also in the code cells of evaluation notebooks); MAX_RETRIES, MIN_CHUNK_SIZE and other bars on non-metrics are not criteria`,
    'pipeline configs (YAML/JSON under configs/, pipelines/, ml_pipelines/, params.yaml) and config modules (config.py, constants.py): only explicit acceptance keys on model-quality metrics (`acceptance_metric: r2_score` with `acceptance_threshold_min: 0.42`, `min_recall: 0.8`, `ACCURACY_THRESHOLD = os.getenv("ACCURACY_THRESHOLD", "0.8")`), never hyperparameters or retrieval cutoffs',
    'gates a pipeline step branches on, in pipeline modules and notebooks (`pipeline.py`, `pipelines/**`, `*-pipeline.ipynb`): SageMaker Pipelines condition steps (`ConditionGreaterThanOrEqualTo(left=JsonGet(json_path="….accuracy.value"), right=0.8)`) and TFMA value thresholds (`GenericValueThreshold(lower_bound={"value": 0.8})` under `MetricConfig(class_name="BinaryAccuracy")`)',
    'a gate that names no dataset is still a concrete criterion; the data it is measured on is judged apart (named and versioned)',
    `sections read as criteria also when headed in the vocabulary of ${describeFamily(ACCEPTANCE)}`,
    'policy locations (Markdown, or YAML/JSON recognised by content)',
  ],
  async run(snapshot, context) {
    const collected = await collectEvaluationCriteria(snapshot, context.locations);
    const findings: Finding[] = [];
    const evidence = collected.sources.map(describeSource);
    const gates = collected.criteria.filter((criterion) => criterion.intent === 'criterion');
    const modelGates = gates.filter((criterion) => criterion.dimension !== 'data-quality');
    const concrete = modelGates.filter((criterion) => criterion.concrete);
    const incomplete = modelGates.filter((criterion) => !criterion.concrete);
    const reported = collected.criteria.filter((criterion) => criterion.intent !== 'criterion');

    if (collected.sources.length === 0) {
      findings.push(findingFrom(check, 'no-criteria', 'No acceptance or evaluation criteria found (looked for evaluation/criteria.yml, ACCEPTANCE.md, docs/evaluation/, criteria sections in README and model cards, model-index, promptfoo, lm-eval, OpenAI evals and Great Expectations files, gate configs and threshold constants in evaluation code).'));
      return { status: 'judged', criteria: { present: 0, concrete: 0, versioned: 0, dimensions: 0, approved: 0 }, evidence, findings, summary: 'No evaluation criteria found.' };
    }

    reportProblems(collected, findings);
    reportIncomplete(incomplete, findings);
    reportVague(collected, findings);
    reportResultsOnly(collected.sources, gates.length, findings);
    reportInferred(concrete, findings);
    reportNoDataset(concrete, findings);
    reportUnversioned(concrete, findings);
    reportInconsistent(concrete, findings);
    reportNotMet(collected.criteria, modelGates, findings);
    if (concrete.length === 0) {
      if (gates.length > 0 && modelGates.length === 0) findings.push(findingFrom(check, 'data-quality-only', `${gates.length} data-quality expectation(s) found, but no criterion for the model's own quality.`, { path: gates[0].path, line: gates[0].line }));
      else findings.push(findingFrom(check, 'no-concrete-criteria', `None of the ${modelGates.length + collected.vague.length + reported.length} statement(s) found names a metric, comparator and threshold together.`, firstPlace(collected)));
    }

    const dimensions = new Set(gates.filter((criterion) => criterion.concrete && criterion.dimension !== 'other').map((criterion) => criterion.dimension));
    if (dimensions.size === 1) findings.push(findingFrom(check, 'single-dimension', `All concrete criteria measure ${[...dimensions][0]}.`, firstPlace(collected)));
    const approved = judgeApprovals(collected.approvals, findings, firstPlace(collected));

    const schemaBroken = collected.problems.some((problem) => problem.kind === 'schema');
    const present = concrete.length >= 3 ? 1 : concrete.length > 0 ? 0.5 + concrete.length / 6 : 0.25;
    const concreteShare = concrete.length === 0 ? 0 : (concrete.length / (concrete.length + incomplete.length + collected.vague.length)) * Math.min(1, concrete.length / 3);
    const criteria = {
      present,
      concrete: concreteShare * (schemaBroken ? 0.8 : 1),
      versioned: concrete.length === 0 ? 0 : concrete.reduce((sum, criterion) => sum + (criterion.dataset === null ? 0 : criterion.version !== undefined ? 1 : 0.5), 0) / concrete.length,
      dimensions: dimensions.size >= 3 ? 1 : dimensions.size === 2 ? 0.7 : dimensions.size === 1 ? 0.3 : 0,
      approved,
    };
    const metrics = new Set(concrete.map((criterion) => criterion.metricKey));
    const approval = collected.approvals.find((entry) => entry.model && entry.version);
    return {
      status: 'judged',
      criteria,
      evidence,
      findings,
      summary:
        `${concrete.length} concrete criteria (${metrics.size} distinct metric(s)), ${incomplete.length} incomplete, ${collected.vague.length} vague, ${reported.length} reported without a bar, in ${collected.sources.length} file(s); ` +
        `${dimensions.size} quality dimension(s)${dimensions.size ? ` (${[...dimensions].join(', ')})` : ''}; ` +
        (approval ? `approves ${approval.model} version ${approval.version}.` : 'no approved model version named.'),
    };
  },
});

export default check;

function describeSource(source: CriteriaSource): Evidence {
  const parts = [`${source.criteria} criteria, ${source.concrete} concrete`];
  if (source.results) parts.push(`${source.results} reported without a bar`);
  if (source.vague) parts.push(`${source.vague} vague`);
  if (source.approval) parts.push('names an approval');
  if (source.detail) parts.push(source.detail);
  return { path: source.path, ...(source.line !== undefined ? { line: source.line } : {}), kind: `evaluation-${source.format}`, note: parts.join(' · ') };
}

function reportProblems(collected: EvaluationCriteria, findings: Finding[]): void {
  for (const problem of collected.problems.slice(0, MAX_FINDINGS_PER_KIND * 2)) {
    const at = `${problem.line !== undefined ? `line ${problem.line}${problem.column !== undefined ? `:${problem.column}` : ''}: ` : ''}`;
    const where = { path: problem.path, ...(problem.line !== undefined ? { line: problem.line } : {}) };
    if (problem.kind === 'schema') findings.push(findingFrom(check, 'invalid-criteria-file', `${at}${problem.message}`, where));
    else if (problem.kind === 'invalid-metadata') findings.push(findingFrom(check, 'invalid-metadata', `${at}${problem.message}`, where));
    else findings.push(findingFrom(check, 'unparsed-file', `${at}${problem.message}`, where));
  }
}

function reportIncomplete(incomplete: readonly EvaluationCriterion[], findings: Finding[]): void {
  for (const criterion of incomplete.slice(0, MAX_FINDINGS_PER_KIND)) {
    const name = criterion.metric ? `"${clip(criterion.metric)}"` : 'A criterion';
    findings.push(findingFrom(check, 'incomplete-criterion', `${name} has no ${criterion.missing.join(', no ')}.`, { path: criterion.path, line: criterion.line }));
  }
  if (incomplete.length > MAX_FINDINGS_PER_KIND) findings.push(findingFrom(check, 'incomplete-criterion', `…and ${incomplete.length - MAX_FINDINGS_PER_KIND} more incomplete criteria.`));
}

function reportVague(collected: EvaluationCriteria, findings: Finding[]): void {
  for (const statement of collected.vague.slice(0, MAX_FINDINGS_PER_KIND)) {
    findings.push(findingFrom(check, 'vague-criterion', `"${clip(statement.text, 120)}" states no measurable bar.`, { path: statement.path, line: statement.line }));
  }
}

function reportResultsOnly(sources: readonly CriteriaSource[], gates: number, findings: Finding[]): void {
  for (const source of sources) {
    if (source.results === 0 || source.criteria > 0) continue;
    const severity = gates > 0 ? 'info' : undefined;
    findings.push(
      findingFrom(check, 'results-without-thresholds', `${source.results} metric(s) in ${source.format} reported without a threshold.`, { path: source.path, ...(source.line !== undefined ? { line: source.line } : {}), ...(severity ? { severity } : {}) }),
    );
  }
}

function reportInferred(concrete: readonly EvaluationCriterion[], findings: Finding[]): void {
  for (const criterion of concrete.filter((entry) => entry.comparatorInferred).slice(0, MAX_FINDINGS_PER_KIND)) {
    findings.push(findingFrom(check, 'comparator-inferred', `"${clip(criterion.metric)}" threshold ${criterion.threshold} has no comparator; read as ${COMPARATOR_TEXT[criterion.comparator!]} from the metric's direction.`, { path: criterion.path, line: criterion.line }));
  }
}

/** One finding per file whose gates name no data (a gate in code or config usually does not). */
function reportNoDataset(concrete: readonly EvaluationCriterion[], findings: Finding[]): void {
  const byPath = new Map<string, EvaluationCriterion[]>();
  for (const criterion of concrete) {
    if (criterion.dataset !== null) continue;
    const list = byPath.get(criterion.path) ?? [];
    byPath.set(criterion.path, list);
    list.push(criterion);
  }
  for (const [path, list] of [...byPath].slice(0, MAX_FINDINGS_PER_KIND)) {
    const metrics = [...new Set(list.map((criterion) => clip(criterion.metric, 40)))].slice(0, 4);
    findings.push(findingFrom(check, 'no-dataset', `${list.length} gate(s) (${metrics.join(', ')}) do not name the data they are measured on.`, { path, line: list[0].line }));
  }
}

/** One finding per file, naming the datasets without a version. */
function reportUnversioned(concrete: readonly EvaluationCriterion[], findings: Finding[]): void {
  const byPath = new Map<string, EvaluationCriterion[]>();
  for (const criterion of concrete) {
    if (criterion.version !== undefined || criterion.dataset === null) continue;
    const list = byPath.get(criterion.path) ?? [];
    byPath.set(criterion.path, list);
    list.push(criterion);
  }
  for (const [path, list] of byPath) {
    const datasets = [...new Set(list.map((criterion) => criterion.dataset))].slice(0, 4).map((dataset) => clip(dataset ?? '', 40));
    findings.push(findingFrom(check, 'unversioned-data', `${list.length} criteria measure on data without a version (${datasets.join(', ')}).`, { path, line: list[0].line }));
  }
}

/** The same metric (and slice) gated at different bars in different files. */
function reportInconsistent(concrete: readonly EvaluationCriterion[], findings: Finding[]): void {
  const groups = new Map<string, EvaluationCriterion[]>();
  for (const criterion of concrete) {
    const direction = criterion.comparator === '>=' || criterion.comparator === '>' ? 'min' : criterion.comparator === '<=' || criterion.comparator === '<' ? 'max' : criterion.comparator;
    // A bar relative to the production model is no absolute bar to compare with the others.
    const key = `${criterion.metricKey}\0${(criterion.slice ?? '').toLowerCase()}\0${direction}\0${criterion.baseline ?? ''}`;
    const list = groups.get(key) ?? [];
    groups.set(key, list);
    list.push(criterion);
  }
  let reported = 0;
  for (const list of groups.values()) {
    const bars = new Map<string, EvaluationCriterion>();
    for (const criterion of list) {
      const bar = `${criterion.comparator} ${round(criterion.thresholdValue!)}`;
      if (!bars.has(bar)) bars.set(bar, criterion);
    }
    const files = new Set(list.map((criterion) => criterion.path));
    if (bars.size < 2 || files.size < 2 || reported >= MAX_FINDINGS_PER_KIND) continue;
    reported++;
    const described = [...bars.values()].map((criterion) => `${COMPARATOR_TEXT[criterion.comparator!]} ${criterion.threshold}${criterion.unit ? ` ${criterion.unit}` : ''} in ${criterion.path}:${criterion.line}`);
    const last = [...bars.values()].pop()!;
    findings.push(findingFrom(check, 'inconsistent-thresholds', `"${clip(last.metric)}" is gated differently: ${described.join('; ')}.`, { path: last.path, line: last.line }));
  }
}

/** A measured value next to its own bar that misses it, or a reported result below a gate on the same metric. */
function reportNotMet(all: readonly EvaluationCriterion[], gates: readonly EvaluationCriterion[], findings: Finding[]): void {
  let reported = 0;
  for (const criterion of gates) {
    if (criterion.measured === undefined || !criterion.concrete || reported >= MAX_FINDINGS_PER_KIND) continue;
    if (meetsCriterion(criterion, criterion.measured, criterion.measuredUnit) === false) {
      reported++;
      findings.push(findingFrom(check, 'criterion-not-met', `"${clip(criterion.metric)}" measured ${criterion.measured}${criterion.measuredUnit ? ` ${criterion.measuredUnit}` : ''}, but the criterion is ${bar(criterion)}.`, { path: criterion.path, line: criterion.line }));
    }
  }
  const bySlicelessKey = new Map<string, EvaluationCriterion[]>();
  for (const criterion of gates) {
    if (!criterion.concrete || criterion.slice) continue;
    const list = bySlicelessKey.get(criterion.metricKey) ?? [];
    bySlicelessKey.set(criterion.metricKey, list);
    list.push(criterion);
  }
  for (const result of all) {
    if (result.intent !== 'result' || result.measured === undefined || reported >= MAX_FINDINGS_PER_KIND) continue;
    const gate = (bySlicelessKey.get(result.metricKey) ?? []).find((candidate) => !result.dataset || !candidate.dataset || sameDataset(candidate.dataset, result.dataset));
    if (gate && meetsCriterion(gate, result.measured, result.measuredUnit) === false) {
      reported++;
      findings.push(findingFrom(check, 'criterion-not-met', `"${clip(result.metric)}" is reported as ${result.measured}, below the criterion ${bar(gate)} in ${gate.path}:${gate.line}.`, { path: result.path, line: result.line }));
    }
  }
}

function judgeApprovals(approvals: readonly ModelApproval[], findings: Finding[], place: { path?: string; line?: number }): number {
  if (approvals.length === 0) {
    findings.push(findingFrom(check, 'no-approved-model', 'No criteria file or document names the model version the criteria approved.', place));
    return 0;
  }
  const value = (approval: ModelApproval) => (approval.model && approval.version ? (approval.approvedBy && approval.date ? 1 : 0.8) : approval.model || approval.version ? 0.5 : 0.25);
  const best = [...approvals].sort((a, b) => value(b) - value(a))[0];
  if (value(best) < 1) {
    const lacking = [!best.model && 'model name', !best.version && 'version', !best.approvedBy && 'approver', !best.date && 'date'].filter(Boolean);
    findings.push(findingFrom(check, 'approval-incomplete', `The approval names no ${lacking.join(', no ')}.`, { path: best.path, line: best.line }));
  }
  const complete = approvals.filter((approval) => approval.model && approval.version);
  const distinct = new Set(complete.map((approval) => `${approval.model!.toLowerCase()}@${String(approval.version).replace(/^v/i, '').toLowerCase()}`));
  if (distinct.size > 1) {
    findings.push(findingFrom(check, 'conflicting-approvals', `Approvals differ: ${complete.map((approval) => `${approval.model} version ${approval.version} (${approval.path}:${approval.line})`).join('; ')}.`, { path: complete[1].path, line: complete[1].line }));
    return value(best) * 0.5;
  }
  return value(best);
}

function firstPlace(collected: EvaluationCriteria): { path?: string; line?: number } {
  const source = collected.sources[0];
  return source ? { path: source.path, ...(source.line !== undefined ? { line: source.line } : {}) } : {};
}

function bar(criterion: EvaluationCriterion): string {
  if (criterion.baseline && criterion.threshold === 0) return `${COMPARATOR_TEXT[criterion.comparator!]} ${criterion.baseline}`;
  if (criterion.comparator === 'between') return `between ${criterion.threshold} and ${criterion.upper}${criterion.unit ? ` ${criterion.unit}` : ''}`;
  return `${COMPARATOR_TEXT[criterion.comparator!]} ${criterion.threshold}${criterion.unit ? ` ${criterion.unit}` : ''}`;
}

function sameDataset(a: string, b: string): boolean {
  const key = (text: string) => text.toLowerCase().replace(/[`*_\s]+/g, ' ').trim();
  return key(a) === key(b);
}

function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
