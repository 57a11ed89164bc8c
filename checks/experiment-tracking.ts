// experiment-tracking: can the receiving team see how the model was arrived at? Runs with parameters and
// metrics, the reasons written next to them, each run tied to a commit, and the chosen model marked.
import { defineCheck, findingFrom, type Evidence, type Finding } from '../src/check.js';
import { collectExperiments } from '../src/experiments/index.js';
import type { ExperimentTracking, SelectedModel, StoreRichness, TrackedRun, TrackingStore } from '../src/experiments/index.js';
import { isGeneratedRunName, isSubstantiveNote, isUserTag } from '../src/experiments/index.js';
import { collectJudgeReviews } from '../src/experiments/judge-reviews.js';
import { collectLlmEvaluations } from '../src/experiments/llm-evaluations.js';
import { ENOUGH_EVAL_RUNS, judgeLlmHistory, type HistoryJudgement } from '../src/experiments/llm-history.js';
import { collectNotebookResults } from '../src/experiments/notebook-results.js';
import { findTrackingCode, type TrackingCode } from '../src/experiments/remote-tracking.js';
import { collectResultFiles } from '../src/experiments/result-files.js';
import { COMPARISON_CREDIT, judgeWeakHistory, NOTEBOOK_PARAMS_METRICS_CREDIT, NOTEBOOK_RUNS_CREDIT, type WeakHistory } from '../src/experiments/weak-history.js';
import type { Availability } from '../src/models/match.js';
import { DEFAULT_PROFILES, promptedOnly } from '../src/profiles/system-profile.js';
import { deliveryOfSelected } from '../src/models/selected-delivery.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';

/** Runs it takes for full marks on "runs exist": a baseline, a contender and the chosen one. */
const ENOUGH_RUNS = 3;
/** What each kind of store can show at best on "runs exist" (a marker is weaker evidence than a run record). */
const RUNS_FACTOR: Record<StoreRichness, number> = { full: 1, local: 1, partial: 0.7, opaque: 0.5 };
/** Share targets: not every run needs a note, but the ones that led somewhere do. */
const NOTE_TARGET = 0.5;
const NAME_TARGET = 0.8;
const TAG_TARGET = 0.5;
const COMMIT_TARGET = 0.8;
const COMPLETED_TARGET = 0.3;
/** Runs listed one by one in evidence up to this many per store; larger stores get counts only. */
const RUN_EVIDENCE_LIMIT = 50;
const EXAMPLES = 3;

const check = defineCheck({
  id: 'experiment-tracking',
  title: 'Experiment tracking',
  rationale:
    'The experiment history is how a receiving team learns what was tried, why the shipped model won, and which code produced it. Without it every retraining starts from scratch and every regression is a mystery.',
  defaultWeight: 2,
  criteria: [
    { id: 'runs-exist', title: 'Tracked runs are delivered', weight: 2, description: `At least ${ENOUGH_RUNS} kept runs that ended (not still RUNNING or SCHEDULED) in an MLflow store (file store or mlflow.db) or W&B run folders; other trackers' markers earn at most ${RUNS_FACTOR.partial * 100}% (TensorBoard, DVCLive, Sacred, Lightning) or ${RUNS_FACTOR.opaque * 100}% (Aim, Comet, Neptune archives). With no tracker, results committed as files of runs or releases (a dated, versioned or id-named folder or file holding metric values, or a table of results with a row per run), or a tracker's runs table printed in a notebook, earn at most ${COMPARISON_CREDIT} here, on params-metrics and run-health, on code-version when a commit is recorded next to them, and on selected-model for release records; other results only in notebook outputs (a printed score, a classification report, a table of scores across configurations) earn at most ${NOTEBOOK_RUNS_CREDIT}, scaled by the tries they show (${ENOUGH_RUNS} for all of it). For an LLM application that trains nothing: at least ${ENOUGH_EVAL_RUNS} recorded prompt or model evaluations that reached a verdict.` },
    { id: 'params-metrics', title: 'Runs log parameters and metrics', weight: 2, description: `Share of active runs that log both parameters and metrics (half credit for one of them); results only in notebook outputs earn at most ${NOTEBOOK_PARAMS_METRICS_CREDIT} (a table naming each configuration next to its scores), half of it for metrics alone; for an LLM evaluation, the prompt version or model it ran and its pass counts or scores.` },
    {
      id: 'decisions',
      title: 'Decisions are logged, not just results',
      weight: 3,
      description: `Run notes that say something (mlflow.note.content, W&B notes, Sacred comments) on at least ${NOTE_TARGET * 100}% of runs (half the criterion), chosen run names rather than generated ones like "unruly-crab-868" on ${NAME_TARGET * 100}% (a quarter), and the vendor's own tags on ${TAG_TARGET * 100}% (a quarter). For an LLM application: decision-log entries naming the prompt or model version kept and why, one per comparison made (60%), and evaluations that say what they tested, by a description or a decision of that day, on half of them (40%).`,
    },
    { id: 'code-version', title: 'Runs are linked to a code version', weight: 2, description: `Share of active runs carrying a git commit (mlflow.source.git.commit, W&B git.commit, Sacred repositories); full marks at ${COMMIT_TARGET * 100}%. For an LLM evaluation: it names the prompt (text, file or version) and the model it ran, or a commit.` },
    {
      id: 'selected-model',
      title: 'The selected model is identifiable',
      weight: 2,
      description: 'A registered model version holding an alias (champion, production, …) or the Production stage, whose run is in the delivered history, with a model signature; a run tagged selected/champion, or a DVC workspace run (dvc.lock) that is the only run, earns 0.8; a registry with no version marked earns 0.3. A selected model that cannot be loaded from the delivery (the model-artifacts check finds no artifact, or an MLmodel without its weights) earns at most 0.5, one kept in a store no access list names at most 0.7. For an LLM application: the prompt × model configuration a decision keeps, found in the newest evaluation (1) or an earlier one (0.8); a single configuration ever evaluated earns 0.8.',
    },
    { id: 'run-health', title: 'Not only failed, unfinished or deleted runs', weight: 1, description: `At least ${COMPLETED_TARGET * 100}% of runs finished and were kept (runs still RUNNING or SCHEDULED are not finished); none earns 0; for an LLM evaluation, runs where not every case errored.` },
  ],
  findings: {
    'no-tracking': {
      severity: 'error',
      title: 'No experiment tracking found',
      criterion: 'runs-exist',
      remediation:
        'Deliver the experiment history: log every training run with MLflow (run name, description in mlflow.note.content, params, metrics, the git commit is recorded automatically) and commit the mlruns/ folder or mlflow.db, or export the runs from your tracking server. Register the shipped model and give it the alias `champion`.',
    },
    'no-runs': { severity: 'error', title: 'Tracking store holds no runs', criterion: 'runs-exist', remediation: 'Deliver the store with its runs (mlruns/<experiment>/<run id>/ or the mlflow.db that holds them), not just the experiment skeleton.' },
    'store-unreadable': { severity: 'error', title: 'Tracking store cannot be read', criterion: 'runs-exist', remediation: 'Re-export the store from the tracking server or copy it again from the machine that ran the experiments (`sqlite3 mlflow.db "PRAGMA integrity_check"` must print ok).' },
    'artifacts-without-metadata': {
      severity: 'error',
      title: 'Run artifacts without run metadata',
      criterion: 'runs-exist',
      remediation: 'MLflow 3.7+ keeps run metadata in mlflow.db and only artifacts under mlruns/: deliver the mlflow.db (or the server database export) that belongs to these artifacts.',
    },
    'malformed-file': { severity: 'warning', title: 'A tracking file could not be parsed', remediation: 'Restore the file from the tracking store; hand edits to meta.yaml or config files break MLflow and W&B readers.' },
    'runs-missing-params': { severity: 'warning', title: 'Runs log no parameters', criterion: 'params-metrics', remediation: 'Log the hyperparameters and data version of every run (mlflow.log_params, wandb.config), so a run can be reproduced.' },
    'runs-missing-metrics': { severity: 'warning', title: 'Runs log no metrics', criterion: 'params-metrics', remediation: 'Log the evaluation metrics of every run (mlflow.log_metric, wandb.log), so runs can be compared.' },
    'runs-without-notes': {
      severity: 'warning',
      title: 'Runs do not say why',
      criterion: 'decisions',
      remediation: 'Write a run description for each run that mattered: what was tried, why, and what was concluded (MLflow: the Description field or tag mlflow.note.content; W&B: notes). One or two sentences per run is enough.',
    },
    'generated-run-names': { severity: 'warning', title: 'Runs keep generated names', criterion: 'decisions', remediation: 'Name runs after what they test (run_name="lgbm-monotone-tenure"), not the generated adjective-animal-number names.' },
    'no-user-tags': { severity: 'info', title: 'Runs carry no tags of the vendor', criterion: 'decisions', remediation: 'Tag runs with what a reader filters by: model family, dataset version, purpose (baseline, tuning, final).' },
    'decisions-not-visible': {
      severity: 'warning',
      title: 'This tracker keeps decisions elsewhere',
      criterion: 'decisions',
      remediation: 'Run notes, names and tags of this tracker live on its server or in binary logs: export them with the runs (e.g. a runs table with name, notes, tags, commit), or log the runs to MLflow.',
    },
    'runs-not-linked-to-code': {
      severity: 'warning',
      title: 'Runs are not linked to a code version',
      criterion: 'code-version',
      remediation: 'Run training from a git checkout (MLflow then sets mlflow.source.git.commit; W&B records git.commit), or set the tag yourself, so every result can be traced to the code that produced it.',
    },
    'no-selected-model': {
      severity: 'error',
      title: 'The selected model is not marked',
      criterion: 'selected-model',
      remediation: 'Register the shipped model and point an alias at its version (`client.set_registered_model_alias("<name>", "champion", <version>)`), or at least tag its run `selected=true`.',
    },
    'selected-run-missing': { severity: 'warning', title: "The selected model's run is not delivered", criterion: 'selected-model', remediation: 'Deliver the run that produced the selected model version, so its params, metrics and commit can be checked.' },
    'selected-model-not-delivered': {
      severity: 'warning',
      title: 'The selected model cannot be loaded from the delivery',
      criterion: 'selected-model',
      remediation: 'Deliver the selected version\'s artifacts (commit its MLflow model folder, or track the weights with DVC or Git LFS), or name the store that keeps them in the access list; the model-artifacts check lists what is missing.',
    },
    'model-without-signature': { severity: 'info', title: 'Selected model has no signature', criterion: 'selected-model', remediation: 'Log the model with a signature (infer_signature or input_example) so its expected input and output are part of the handover.' },
    'runs-unfinished': { severity: 'warning', title: 'Runs never finished', criterion: 'run-health', remediation: 'Deliver finished runs: end each run (mlflow.end_run(), or `with mlflow.start_run():`), mark interrupted ones as FAILED or KILLED (`mlflow.tracking.MlflowClient().set_terminated(run_id, "FAILED")`), and delete the ones that hold nothing.' },
    'only-failed-runs': { severity: 'error', title: 'No run finished and was kept', criterion: 'run-health', remediation: 'Deliver the finished runs the model came from; failed and deleted runs alone do not show how the model was made.' },
    'results-only-in-notebooks': {
      severity: 'warning',
      title: 'Results recorded only as notebook outputs',
      criterion: 'runs-exist',
      remediation:
        'Turn the notebook experiments into tracked runs: wrap each training in `with mlflow.start_run(run_name="<what it tests>"):`, log its parameters and metrics (`mlflow.log_params`, `mlflow.log_metric`) and a note saying why, register the model that ships with the alias `champion`, and deliver the store (mlruns/ or mlflow.db). Printed scores cannot be queried, compared or tied to the code that produced them.',
    },
    'results-only-in-files': {
      severity: 'warning',
      title: 'Results recorded only as committed result files',
      criterion: 'runs-exist',
      remediation:
        'Keep the result files, and log the runs that produced them to a tracker the team can query: `with mlflow.start_run(run_name="<what it tests>"):` with `mlflow.log_params` (hyperparameters, data version), `mlflow.log_metrics`, a note saying why, the git commit (recorded by MLflow from a checkout), and the released model registered with the alias `champion`; deliver the store (mlruns/ or mlflow.db) or its export.',
    },
    'tracked-elsewhere': { severity: 'info', title: 'Runs live outside the repository', remediation: 'Export these runs from the tracking service (or sync offline runs) and deliver the export with the repository.' },
    'personal-data': { severity: 'warning', title: 'Tracking metadata holds personal data', remediation: 'Redact usernames and e-mail addresses from wandb-metadata.json before handover, or agree with the buyer that they may stay.' },
    'no-eval-history': {
      severity: 'error',
      title: 'No record of prompt or model evaluations',
      criterion: 'runs-exist',
      remediation:
        'Deliver the evaluation history of the prompts and models: keep the result file of every run (`promptfoo eval -o evals/results/<date>-<what>.json`, DeepEval test runs with DEEPEVAL_RESULTS_FOLDER, Ragas results as CSV, Langfuse/LangSmith dataset-run exports) and a decision log saying which prompt or model version was kept and why.',
    },
    'no-eval-decisions': {
      severity: 'warning',
      title: 'No decision log for prompt and model versions',
      criterion: 'decisions',
      remediation: 'Write a decision log next to the results (evals/results/decision-log.md): per comparison, the date, the versions compared (`answer-v2`, the model id), the one kept and why, with a link to the result file.',
    },
  },
  scale: {
    high: 'An MLflow (or W&B) history of several runs with params and metrics, a note on each run that says why, chosen names and tags, every run tied to a commit, and the shipped model registered under an alias.',
    low: 'No experiment store or tracker output anywhere in the repository.',
  },
  locationsUnused: 'it finds MLflow, W&B and other tracker stores by their own file formats anywhere in the tree.',
  recognises: [
    'MLflow file store: mlruns/<experiment>/<run>/{meta.yaml, params/, metrics/, tags/, artifacts/, outputs/}, .trash/, MLflow 3 logged models (<experiment>/models/m-*), the registry mlruns/models/<name>/{meta.yaml, aliases/, version-N/}',
    'MLflow SQLite store: mlflow.db and any *.db with MLflow tables (experiments, runs, tags, params, latest_metrics, registry tables), read with sql.js',
    'MLflow run artifacts without metadata (mlruns/ or mlartifacts/ next to a missing database)',
    'W&B: wandb/ or .wandb/ run-YYYYMMDD_HHMMSS-<id> and offline-run-… folders (files/config.yaml, wandb-summary.json, wandb-metadata.json, the .wandb log by name)',
    'TensorBoard event files, Lightning lightning_logs/version_N (hparams.yaml), DVCLive dvclive/, Sacred run folders (run.json), Aim .aim/, Comet .cometml-runs/*.zip, Neptune .neptune/, ClearML Task.init( in training scripts',
    'results committed only as Jupyter notebook outputs (read, never executed): classification reports, metrics printed with their name (`accuracy: 0.91`, `val_loss 0.31`), a bare score printed by a cell that computes one (`print(clf.score(X_test, y_test))`), printed tables with a score column (`mean_test_score`, `f1`), one try per row',
    'committed result files of runs or releases (read, never run): JSON/YAML/CSV/TSV named for results (metrics, scores, results, evaluation, eval, benchmark, performance, leaderboard) outside test, settings and dependency folders, holding metric values (accuracy, f1, auc, rmse, loss, bleu, …; thresholds and targets are not results), named by a dated, versioned or id folder or file name or a run id/date inside; parameters and a git commit read from files next to them; files a dvc.yaml declares as metrics are left to DVC',
    "a tracker's runs table printed in a notebook (`mlflow.search_runs()`: run ids with params.* and metrics.* columns)",
    'LLM-as-judge reviews committed per pair of model configurations (FastChat review JSONL `<generations A>-vs-<generations B>-<judge>-reviewer.jsonl`: review_id, answer1_id, answer2_id, score), each file one comparison run of the two configurations its name gives, credited as committed result files (only the first line is read)',
    'code that logs runs to a tracker whose runs are not delivered (MLflow set_tracking_uri / MLFLOW_TRACKING_URI and its value in Dockerfiles, .env, Jenkinsfile, compose, CI; log_metric, start_run, autolog, logger callbacks; wandb.init, Comet, Neptune, ClearML; report_to in training configs), named in the finding with where the runs went',
    'DVC experiments: a dvc.yaml declaring `metrics:` or `plots:` (top level or in a stage, as DVCLive writes them), its dvc.lock as the workspace run, params.yaml, and experiments kept as git refs (refs/exps/*); metric files that are stage outputs are said to live in the DVC remote',
    'for an LLM application: promptfoo result files (`promptfoo eval -o *.json|*.yaml|*.csv`: evalId, results.timestamp, prompts with provider and metrics, per-case graded assertions), DeepEval test runs (test_run_*.json, .deepeval/.latest_run_full.json), Ragas result tables (per-sample faithfulness, answer_relevancy, context_precision … columns), Langfuse dataset runs and LangSmith experiments (JSON, JSONL, CSV with feedback.* columns), committed run-history tables (CSV or Markdown: date, prompt/model version, metrics), and decision logs (decision*.md, eval or prompt change logs, ADRs about prompts or models) naming the version kept and why',
  ],
  profiles: {
    'llm-application':
      'the history of prompt and model evaluations: result files of promptfoo, DeepEval, Ragas, Langfuse or LangSmith and committed eval-result tables are the runs (their prompt and model the parameters, pass counts and scores the metrics), a decision log naming the prompt or model version kept and why is the decision, and that kept configuration is the selected model.',
  },
  async run(snapshot, context) {
    const tracking = await collectExperiments(snapshot, {
      sqliteMaxBytes: typeof context.options.sqliteMaxBytes === 'number' ? context.options.sqliteMaxBytes : undefined,
      inspectRuns: typeof context.options.inspectRuns === 'number' ? context.options.inspectRuns : undefined,
    });
    const profiles = context.profiles ?? DEFAULT_PROFILES;
    // An application built on hosted models keeps its history as prompt and model evaluations. When it trains
    // nothing and no tracker holds runs, that history is what is judged; otherwise it is extra evidence.
    const llmApplication = profiles.judged.includes('llm-application');
    const collected = llmApplication ? await collectLlmEvaluations(snapshot) : null;
    const evaluations = collected ? judgeLlmHistory(collected) : null;
    // Result files the LLM evaluation readers judge are not counted again as result files of runs.
    const evaluatedPaths = new Set(collected?.runs.map((run) => run.path) ?? []);
    if (evaluations && promptedOnly(profiles) && !tracking.stores.some((store) => store.runs.length > 0)) return judgedAsLlmApplication(evaluations, tracking);

    const evidence: Evidence[] = evaluations ? [...evaluations.evidence] : [];
    const findings: Finding[] = [];
    reportProblems(tracking, findings);
    reportHints(tracking, evidence, findings);

    const judged = tracking.stores.filter((store) => store.runs.length > 0).map((store) => ({ store, judgement: judgeStore(store) }));
    for (const store of tracking.stores) evidence.push(...describeStore(store));
    const zero = { 'runs-exist': 0, 'params-metrics': 0, decisions: 0, 'code-version': 0, 'selected-model': 0, 'run-health': 0 };

    const code = await findTrackingCode(snapshot);
    // A data pipeline that trains nothing has no experiments to track, unless it does log runs somewhere.
    const pipelineOnly = profiles.judged.every((profile) => profile === 'data-pipeline');
    if (judged.length === 0 && pipelineOnly && tracking.stores.length === 0 && tracking.artifactOnly.length === 0 && code.length === 0) {
      const seen = profiles.sightings.find((sighting) => sighting.profile === 'data-pipeline');
      return { status: 'skip', reason: `No model: the delivery is judged as a data pipeline only${seen ? ` (${seen.why}: ${seen.path})` : ''}, and no tracker store or code that logs runs was found, so there are no training runs to track.`, evidence };
    }
    if (judged.length === 0) {
      const unreadable = tracking.stores.some((store) => store.problems.some((p) => p.kind === 'unreadable'));
      if (tracking.stores.length === 0 && tracking.artifactOnly.length === 0 && !unreadable) {
        findings.push(noTracking(code));
        for (const found of code.filter((entry) => entry.tool !== 'clearml')) evidence.push(describeTrackingCode(found));
      } else if (tracking.stores.length > 0 && !unreadable) {
        const store = tracking.stores[0];
        findings.push(findingFrom(check, 'no-runs', `${store.label} ${store.ref.path} holds no runs.`, { path: store.ref.path }));
      }
      await judgeSelection(snapshot, tracking, evidence, findings);
      // LLM-as-judge reviews per pair of model configurations are committed results too.
      const files = await collectResultFiles(snapshot, evaluatedPaths);
      const reviews = (await collectJudgeReviews(snapshot)).filter((record) => !evaluatedPaths.has(record.path));
      const weak = judgeWeakHistory({ examined: files.examined + reviews.length, records: [...files.records, ...reviews] }, await collectNotebookResults(snapshot));
      if (weak) reportWeakHistory(weak, evidence, findings);
      const codeOnly = code.length > 0 && tracking.stores.length === 0 && tracking.artifactOnly.length === 0;
      const head = codeOnly ? `No tracked runs delivered: the code logs runs to ${[...new Set(code.map((entry) => TOOL_LABEL[entry.tool]))].join(', ')}, whose runs are not in the delivery.` : summaryLine(tracking, null);
      const summary = head + (weak ? ` ${weak.summary}` : '');
      return { status: 'judged', criteria: { ...zero, ...weak?.values }, evidence, findings, summary };
    }
    reportCodeElsewhere(code, tracking, findings);

    // The richest store speaks for the history; the others are listed as evidence.
    judged.sort((a, b) => b.judgement.score - a.judgement.score || b.store.runs.length - a.store.runs.length);
    const primary = judged[0];
    findings.push(...primary.judgement.findings);
    const selection = await judgeSelection(snapshot, tracking, evidence, findings);
    const criteria = { ...primary.judgement.values, 'selected-model': selection };
    return { status: 'judged', criteria, evidence, findings, summary: summaryLine(tracking, primary) };
  },
});

export default check;

/** A weak experiment log (result files, notebook outputs): its evidence and what it lacks, as findings. */
function reportWeakHistory(weak: WeakHistory, evidence: Evidence[], findings: Finding[]): void {
  evidence.push(...weak.evidence);
  for (const shortfall of weak.shortfalls) findings.push(findingFrom(check, shortfall.id, shortfall.message, { path: shortfall.path }));
}

const TOOL_LABEL: Record<TrackingCode['tool'], string> = { mlflow: 'MLflow', wandb: 'W&B', comet: 'Comet', neptune: 'Neptune', clearml: 'ClearML', vertex: 'Vertex AI Experiments', sagemaker: 'SageMaker Experiments' };
/** Where a hosted tracker keeps the runs. */
const HOSTED: Record<TrackingCode['tool'], string> = {
  mlflow: 'a hosted MLflow',
  wandb: 'the W&B server (online mode)',
  comet: 'the Comet server (online mode)',
  neptune: 'the Neptune server (online mode)',
  clearml: 'the ClearML server',
  vertex: 'the Google Cloud project (Vertex AI Metadata)',
  sagemaker: 'the AWS account (SageMaker)',
};
/** Store kinds that hold each tool's runs when they are delivered. */
const TOOL_STORES: Record<TrackingCode['tool'], readonly string[]> = { mlflow: ['mlflow-file-store', 'mlflow-sqlite'], wandb: ['wandb'], comet: ['comet'], neptune: ['neptune'], clearml: [], vertex: [], sagemaker: [] };
const TOOL_REMEDIATION: Record<string, string> = {
  'mlflow-remote':
    'Export the runs from the tracking server and deliver the export: `export-experiments` or `export-all` of mlflow-export-import keep runs with their params, metrics, tags, notes and the registered models (`mlflow experiments csv -x <experiment id>` gives at least a runs table); or deliver the server\'s backend store (its mlflow.db or a database dump) with the artifacts.',
  'mlflow-local': 'Deliver the store the code wrote on the machine that ran it: the mlflow.db (with its mlartifacts/) or the mlruns/ folder; or export the runs with mlflow-export-import (`export-experiments`).',
  wandb: 'Export the runs from W&B and deliver the export (the public API, `wandb.Api().runs("<entity>/<project>")`, gives each run\'s name, config, summary metrics, notes and commit), or deliver the local wandb/ run folders.',
  comet: 'Export the experiments from Comet (its Python or REST API: parameters, metrics, notes per experiment) and deliver the export, or log with comet_ml.OfflineExperiment and deliver the archives.',
  neptune: 'Export the runs from Neptune (`project.fetch_runs_table().to_pandas()` to a CSV of ids, parameters and metrics) and deliver it, or deliver the .neptune/ folder of offline runs.',
  clearml: 'Export the tasks from the ClearML server (their parameters, scalars and comments) and deliver the export.',
  vertex: 'Export the runs from Vertex AI Experiments (`aiplatform.get_experiment_df("<experiment>")` gives a table of runs with their parameters and metrics) and deliver it.',
  sagemaker: 'Export the runs from SageMaker Experiments (`ExperimentAnalytics(experiment_name="<experiment>").dataframe()` of the SageMaker SDK gives a table of runs with their parameters and metrics) and deliver it.',
};

/** `no-tracking`, said as precisely as the code allows: which tracker the code logs to and where those runs went. */
function noTracking(code: readonly TrackingCode[]): Finding {
  if (code.length === 0) return findingFrom(check, 'no-tracking', 'No experiment tracking found: no MLflow store (mlruns/, mlflow.db), no W&B run folders, no TensorBoard, DVCLive, DVC experiments, Sacred, Aim, Comet or Neptune output.');
  const first = code[0].logs[0];
  const remediation = [...new Set(code.map(remediationKey))].map((key) => TOOL_REMEDIATION[key]).join(' ');
  return findingFrom(
    check,
    'no-tracking',
    `No tracked runs are delivered, though the code is set up to log runs: ${code.map(describeDestination).join('; ')}. None of those runs is in the delivery (no MLflow store, W&B run folders or tracker export).`,
    { path: first.path, line: first.line, remediation },
  );
}

function remediationKey(code: TrackingCode): string {
  if (code.tool !== 'mlflow') return code.tool;
  return ['server', 'databricks', 'database', 'run-time'].includes(code.destination.kind) ? 'mlflow-remote' : 'mlflow-local';
}

/** `MLflow to the tracking server http://mlflow:5000 (MLFLOW_TRACKING_URL in Jenkinsfile:19; …)` */
function describeDestination(code: TrackingCode): string {
  const { destination: to } = code;
  const where = (at: { path: string; line: number } | null) => (at ? `${at.path}:${at.line}` : '');
  const logs = `logged at ${code.logs.slice(0, EXAMPLES).map(where).join(', ')}${code.logs.length > EXAMPLES ? ` and ${code.logs.length - EXAMPLES} more place(s)` : ''}`;
  const variable = to.variable ? `${to.variable}${to.valueAt ? `, set in ${where(to.valueAt)}` : ''}` : null;
  const set = [variable, to.setAt ? `tracking URI set at ${where(to.setAt)}` : null].filter(Boolean).join('; ');
  const others = to.others.length ? `also ${to.others.join(', ')}` : null;
  const detail = [others, set, logs].filter(Boolean).join('; ');
  const target: Record<string, string> = {
    server: `to the tracking server ${to.uri}`,
    databricks: `to a Databricks workspace (${to.uri})`,
    database: `to the database ${to.uri}`,
    'local-sqlite': `to the SQLite store ${to.uri} on the machine that ran it`,
    'local-files': `to the file store ${to.uri} on the machine that ran it`,
    'run-time': 'to a tracking URI given at run time',
    'not-set': 'with no tracking URI set in the delivery (where the runs go is decided where the code runs: MLFLOW_TRACKING_URI, an orchestrator\'s tracker, or ./mlruns by default)',
    hosted: `to ${HOSTED[code.tool]}`,
    offline: `in offline mode, to local files that are not delivered`,
  };
  return `${TOOL_LABEL[code.tool]} ${target[to.kind]} (${detail})`;
}

function describeTrackingCode(code: TrackingCode): Evidence {
  const first = code.logs[0];
  return { path: first.path, line: first.line, kind: 'tracking-code', note: describeDestination(code) };
}

/** Code that logs to a tracker whose runs are not delivered, next to a store that is: said, not scored. */
function reportCodeElsewhere(code: readonly TrackingCode[], tracking: ExperimentTracking, findings: Finding[]): void {
  for (const found of code) {
    if (found.tool === 'clearml') continue; // reported from the ClearML hints
    if (tracking.stores.some((store) => TOOL_STORES[found.tool].includes(store.ref.kind) && store.runs.length > 0)) continue;
    const first = found.logs[0];
    findings.push(findingFrom(check, 'tracked-elsewhere', `The code is also set up to log runs: ${describeDestination(found)}; none of those ${TOOL_LABEL[found.tool]} runs is in the delivery.`, { path: first.path, line: first.line, remediation: TOOL_REMEDIATION[remediationKey(found)] }));
  }
}

/** Remediation for findings shared with trained models, said for prompts and models. */
const LLM_REMEDIATION: Readonly<Record<string, string>> = {
  'runs-missing-params': 'Keep the configuration with every result: the prompt version (label or file) and the provider/model id (promptfoo records both in the output file; for other tools log them as run metadata or hyperparameters).',
  'runs-missing-metrics': 'Keep the full result of every evaluation (pass and fail counts, scores per metric), not only a link to a dashboard.',
  'runs-without-notes': 'Give each evaluation a description of what it tests (promptfoo `description:`, a run name that says it) or a decision-log entry of that day.',
  'runs-not-linked-to-code': 'Evaluate prompts from files in the repository and keep the output that records them (promptfoo stores the prompt text and provider), or record the git commit in the run metadata (LangSmith `revision_id`, promptfoo `metadata`).',
  'no-selected-model': 'Name the configuration that ships in the decision log: the prompt version and the model id, as the results spell them (`answer-v2`, `anthropic.claude-3-5-sonnet-20240620-v1:0`).',
  'only-failed-runs': 'Deliver evaluation runs that completed; runs where every case errored (timeouts, credentials) do not show how the prompts perform.',
  'malformed-file': 'Restore the result file as the tool wrote it; a hand-edited or truncated export cannot be read.',
};

/** The outcome for an application that trains nothing: its evaluation history speaks for the criteria. */
function judgedAsLlmApplication(history: HistoryJudgement, tracking: ExperimentTracking) {
  const findings = history.shortfalls.map((shortfall) =>
    findingFrom(check, shortfall.id, shortfall.message, { ...(shortfall.path ? { path: shortfall.path } : {}), ...(shortfall.line ? { line: shortfall.line } : {}), ...(LLM_REMEDIATION[shortfall.id] ? { remediation: LLM_REMEDIATION[shortfall.id] } : {}) }),
  );
  const evidence: Evidence[] = [...history.evidence];
  // A tracker folder without runs (an empty mlruns/) is still worth naming, not worth scoring.
  for (const store of tracking.stores) evidence.push({ path: store.ref.path, kind: store.ref.kind, note: `${store.label}: no runs (the evaluation history above is judged instead)` });
  return { status: 'judged' as const, criteria: history.values, evidence, findings, summary: history.summary };
}

interface StoreJudgement {
  values: Omit<Record<string, number>, 'selected-model'>;
  findings: Finding[];
  /** Weighted value of the store-level criteria, to pick the store that speaks for the history. */
  score: number;
  counts: RunCounts;
}

interface RunCounts {
  total: number;
  active: number;
  deleted: number;
  inspected: number;
  withParams: number;
  withMetrics: number;
  withNotes: number;
  withSubstantiveNotes: number;
  namedInspected: number;
  withUserTags: number;
  withCommit: number;
  completed: number;
  failed: number;
  /** Kept runs still RUNNING or SCHEDULED (MLflow status, no end time): interrupted or never ended, not results. */
  unfinished: number;
}

function countRuns(runs: readonly TrackedRun[]): RunCounts {
  const active = runs.filter((run) => !run.deleted);
  const inspectedActive = active.filter((run) => run.inspected);
  return {
    total: runs.length,
    active: active.length,
    deleted: runs.length - active.length,
    inspected: inspectedActive.length,
    withParams: active.filter((run) => run.paramCount > 0).length,
    withMetrics: active.filter((run) => run.metricCount > 0).length,
    withNotes: active.filter((run) => run.hasNote).length,
    withSubstantiveNotes: inspectedActive.filter((run) => isSubstantiveNote(run.note)).length,
    namedInspected: inspectedActive.filter((run) => !isGeneratedRunName(run.name)).length,
    withUserTags: active.filter((run) => run.tagKeys.some(isUserTag)).length,
    withCommit: active.filter((run) => run.hasGitCommit).length,
    completed: runs.filter(isCompleted).length,
    failed: runs.filter((run) => run.status === 'failed' || run.status === 'killed').length,
    unfinished: active.filter(isUnfinished).length,
  };
}

function isUnfinished(run: TrackedRun): boolean {
  return run.status === 'running' || run.status === 'scheduled';
}

/** Finished and kept; a run without a recorded status that logged metrics counts too (W&B, markers). */
function isCompleted(run: TrackedRun): boolean {
  if (run.deleted) return false;
  return run.status === 'finished' || (run.status === 'unknown' && run.metricCount > 0);
}

function judgeStore(store: TrackingStore): StoreJudgement {
  const c = countRuns(store.runs);
  const findings: Finding[] = [];
  const at = store.ref.path;
  const active = store.runs.filter((run) => !run.deleted);
  const examples = (runs: TrackedRun[]) => runs.slice(0, EXAMPLES).map(runLabel).join(', ') + (runs.length > EXAMPLES ? `, and ${runs.length - EXAMPLES} more` : '');
  const firstPath = (runs: TrackedRun[]) => runs[0]?.path ?? at;

  // A run still RUNNING or SCHEDULED in a delivered store was interrupted or never ended: not a result to count.
  const runsExist = RUNS_FACTOR[store.richness] * Math.min(1, (c.active - c.unfinished) / ENOUGH_RUNS);

  // Params and metrics: opaque stores cannot show either.
  let paramsMetrics = 0;
  if (store.richness === 'opaque') paramsMetrics = c.active > 0 ? 0.25 : 0;
  else if (c.active > 0) {
    paramsMetrics = (c.withParams + c.withMetrics) / (2 * c.active);
    const noParams = active.filter((run) => run.paramCount === 0);
    const noMetrics = active.filter((run) => run.metricCount === 0);
    if (noParams.length) findings.push(findingFrom(check, 'runs-missing-params', `${noParams.length} of ${c.active} run(s) in ${at} log no parameters: ${examples(noParams)}.`, { path: firstPath(noParams) }));
    if (noMetrics.length) findings.push(findingFrom(check, 'runs-missing-metrics', `${noMetrics.length} of ${c.active} run(s) in ${at} log no metrics: ${examples(noMetrics)}.`, { path: firstPath(noMetrics) }));
  }

  // Decisions: notes that say something, chosen names, the vendor's own tags.
  let decisions = 0;
  const inspected = active.filter((run) => run.inspected);
  const noteShare = c.inspected ? c.withSubstantiveNotes / c.inspected : 0;
  const nameShare = c.inspected ? c.namedInspected / c.inspected : 0;
  const tagShare = c.active ? c.withUserTags / c.active : 0;
  if (store.richness === 'full') {
    decisions = 0.5 * cover(noteShare, NOTE_TARGET) + 0.25 * cover(nameShare, NAME_TARGET) + 0.25 * cover(tagShare, TAG_TARGET);
    const silent = inspected.filter((run) => !isSubstantiveNote(run.note));
    if (noteShare < NOTE_TARGET && silent.length) {
      const trivial = silent.filter((run) => run.hasNote).length;
      findings.push(
        findingFrom(check, 'runs-without-notes', `${silent.length} of ${c.inspected} run(s) in ${at} have no note saying why${trivial ? ` (${trivial} with a note too short to explain anything)` : ''}: ${examples(silent)}.`, { path: firstPath(silent) }),
      );
    }
    const generated = inspected.filter((run) => isGeneratedRunName(run.name));
    if (nameShare < NAME_TARGET && generated.length) {
      findings.push(findingFrom(check, 'generated-run-names', `${generated.length} of ${c.inspected} run(s) in ${at} keep a generated or missing name: ${examples(generated)}.`, { path: firstPath(generated) }));
    }
    if (c.withUserTags === 0 && c.active > 0) findings.push(findingFrom(check, 'no-user-tags', `No run in ${at} carries a tag set by the vendor (only mlflow.* tags).`, { path: at }));
  } else {
    // Only notes (W&B notes in metadata, Sacred comments) and tags can show here; names cannot.
    decisions = 0.5 * cover(noteShare, NOTE_TARGET) + 0.25 * cover(tagShare, TAG_TARGET);
    findings.push(
      findingFrom(check, 'decisions-not-visible', `${store.label} in ${at}: ${describeBlindSpot(store.richness)}${c.withSubstantiveNotes ? ` (${c.withSubstantiveNotes} run(s) do carry a note)` : ''}.`, { path: at }),
    );
  }

  const codeVersion = c.active ? cover(c.withCommit / c.active, COMMIT_TARGET) : 0;
  if (c.active > 0 && c.withCommit / c.active < COMMIT_TARGET) {
    const unlinked = active.filter((run) => !run.hasGitCommit && (run.inspected || store.richness === 'full'));
    const note = store.richness === 'opaque' ? ' (this store cannot show commits)' : '';
    findings.push(findingFrom(check, 'runs-not-linked-to-code', `${c.active - c.withCommit} of ${c.active} run(s) in ${at} carry no git commit${note}${unlinked.length ? `: ${examples(unlinked)}` : ''}.`, { path: firstPath(unlinked) }));
  }

  // Health: judged on runs whose status was read (all of them unless a large store was sampled).
  const statusRuns = store.runs.filter((run) => run.inspected || run.deleted || store.richness !== 'full');
  const completed = statusRuns.filter(isCompleted).length;
  const runHealth = completed === 0 ? 0 : cover(completed / Math.max(1, statusRuns.length), COMPLETED_TARGET);
  if (completed === 0 && store.runs.length > 0) {
    const silent = store.runs.filter((run) => !run.deleted && run.status === 'unknown').length;
    const parts = [`${c.failed} failed or killed`, `${c.deleted} deleted`, ...(silent ? [`${silent} with no recorded status and no final metrics`] : [])];
    findings.push(findingFrom(check, 'only-failed-runs', `None of the ${store.runs.length} run(s) in ${at} is recorded as finished and kept (${parts.join(', ')}).`, { path: at }));
  }

  if (c.unfinished > 0) {
    const unfinished = active.filter(isUnfinished);
    const states = [...new Set(unfinished.map((run) => run.status.toUpperCase()))].join(' or ');
    findings.push(
      findingFrom(check, 'runs-unfinished', `${c.unfinished} of ${c.total} run(s) in ${at} are still ${states}, with no end recorded: ${examples(unfinished)}. They were interrupted or never ended, so their metrics may be partial; ${c.completed} finished and kept.`, { path: firstPath(unfinished) }),
    );
  }

  const values = { 'runs-exist': runsExist, 'params-metrics': paramsMetrics, decisions, 'code-version': codeVersion, 'run-health': runHealth };
  const weights = Object.fromEntries(check.criteria.map((criterion) => [criterion.id, criterion.weight]));
  const score = Object.entries(values).reduce((sum, [id, value]) => sum + weights[id] * value, 0);
  return { values, findings, score, counts: c };
}

function describeBlindSpot(richness: StoreRichness): string {
  if (richness === 'local') return 'run names, notes and tags stay in the binary .wandb log and on the W&B server, so the local folders cannot show why runs were made';
  if (richness === 'opaque') return 'the runs are inside a database or archive this scan does not open, so neither their content nor their reasons can be judged';
  return 'these files record values, not the reasons for a run, its name or its tags';
}

/** A DVC workspace run that is the only run: identifiable by construction, though nothing marks a choice. */
const WORKSPACE_ONLY_VALUE = 0.8;

/** The most the selected-model criterion gives a model by where model-artifacts finds its weights. */
const DELIVERY_CAP: Record<Availability, number> = { present: 1, retrievable: 1, 'store-not-granted': 0.7, 'weights-missing': 0.5, none: 0.5 };

/** The selected-model criterion, judged over every store (the registry may sit in another store than the runs). */
async function judgeSelection(snapshot: Snapshot, tracking: ExperimentTracking, evidence: Evidence[], findings: Finding[]): Promise<number> {
  const selected = tracking.selected;
  const registered = tracking.stores.flatMap((store) => store.registeredModels);
  for (const model of registered) {
    for (const version of model.versions) {
      const marks = [...version.aliases.map((alias) => `@${alias}`), ...(version.stage && version.stage !== 'None' ? [version.stage] : [])];
      evidence.push({ path: version.path, kind: 'model-version', note: `${model.name} v${version.version}${marks.length ? ` ${marks.join(' ')}` : ''}${version.runId ? ` · run ${version.runId.slice(0, 8)}` : ''}` });
    }
  }
  if (!selected) {
    const versions = registered.reduce((n, model) => n + model.versions.length, 0);
    const anyRuns = tracking.stores.some((store) => store.runs.length > 0);
    if (versions > 0) {
      findings.push(findingFrom(check, 'no-selected-model', `${registered.length} registered model(s) with ${versions} version(s), but no version holds an alias or the Production stage, and no run is tagged as selected.`, { path: registered[0].path }));
      return 0.3;
    }
    // A DVC pipeline with no experiment but its workspace: dvc.lock records the run whose outputs are delivered.
    const active = tracking.runs.filter((run) => !run.deleted);
    if (active.length === 1 && active[0].store.kind === 'dvclive' && active[0].id === 'workspace') {
      evidence.push({ path: active[0].path, kind: 'selected-model', note: `${active[0].name ?? 'workspace'}: the only run, whose outputs dvc.lock records as delivered (no registry or selection tag)` });
      return WORKSPACE_ONLY_VALUE;
    }
    if (anyRuns) findings.push(findingFrom(check, 'no-selected-model', 'No registered model, alias, stage or selection tag says which run produced the delivered model.'));
    return 0;
  }
  evidence.push(describeSelected(selected));
  if (selected.mlmodelPath) evidence.push({ path: selected.mlmodelPath, kind: 'mlflow-model', note: selected.hasSignature ? 'MLmodel with signature' : selected.hasSignature === false ? 'MLmodel without signature' : 'MLmodel not parsed' });
  let value = selected.via === 'run-tag' ? 0.8 : 1;
  if (selected.via !== 'run-tag' && !selected.run) {
    findings.push(findingFrom(check, 'selected-run-missing', `${selected.label} points at run ${selected.runId ?? '(none recorded)'}, which is not in the delivered tracking history.`, { path: selected.path }));
    value = 0.6;
  }
  if (selected.hasSignature === false) {
    findings.push(findingFrom(check, 'model-without-signature', `The MLmodel of ${selected.label} has no signature.`, { path: selected.mlmodelPath ?? selected.path }));
    value -= 0.1;
  }
  // Identifiable is not enough when the identified model cannot be loaded: model-artifacts says why, here it caps.
  const delivery = await deliveryOfSelected(snapshot, selected);
  if (delivery && DELIVERY_CAP[delivery.availability] < 1) {
    const why =
      delivery.availability === 'store-not-granted'
        ? `it is kept in ${delivery.store}, which no access list names, so the buyer cannot load it`
        : `it cannot be loaded from the delivery: ${delivery.link}`;
    findings.push(findingFrom(check, 'selected-model-not-delivered', `${selected.label} is the selected model, but ${why} (see the model-artifacts check).`, { path: selected.path }));
    value = Math.min(value, DELIVERY_CAP[delivery.availability]);
  }
  return value;
}

function describeSelected(selected: SelectedModel): Evidence {
  const metrics = Object.entries(selected.finalMetrics)
    .slice(0, 6)
    .map(([key, point]) => `${key}=${formatMetric(point.value)}`)
    .join(', ');
  const run = selected.run ? `run ${runLabel(selected.run)}` : selected.runId ? `run ${selected.runId.slice(0, 8)} (not delivered)` : 'no run recorded';
  return { path: selected.path, kind: 'selected-model', note: `${selected.label} · ${run}${metrics ? ` · ${metrics}` : ''}` };
}

function reportProblems(tracking: ExperimentTracking, findings: Finding[]): void {
  for (const store of tracking.stores) {
    for (const problem of store.problems) {
      const id = problem.kind === 'unreadable' ? 'store-unreadable' : 'malformed-file';
      findings.push(findingFrom(check, id, `${store.label} ${problem.path}: ${problem.message}`, { path: problem.path, ...(problem.line ? { line: problem.line } : {}) }));
    }
    if (store.personalData.length) {
      findings.push(findingFrom(check, 'personal-data', `${store.personalData.length} W&B metadata file(s) hold a username or e-mail address.`, { path: store.personalData[0] }));
    }
  }
  const readableDb = tracking.stores.some((store) => store.ref.kind === 'mlflow-sqlite' && store.runs.length > 0);
  for (const { root, runDirs } of tracking.artifactOnly) {
    if (readableDb) continue; // the database holds their metadata
    findings.push(findingFrom(check, 'artifacts-without-metadata', `${runDirs.length} run folder(s) under ${root} hold artifacts but no meta.yaml, and no readable mlflow.db was delivered.`, { path: runDirs[0] }));
  }
}

function reportHints(tracking: ExperimentTracking, evidence: Evidence[], findings: Finding[]): void {
  for (const hint of tracking.hints) {
    evidence.push({ path: hint.path, line: hint.line, kind: 'clearml-task', note: 'ClearML Task.init: runs are logged to a ClearML server' });
  }
  if (tracking.hints.length) {
    const hint = tracking.hints[0];
    findings.push(findingFrom(check, 'tracked-elsewhere', `${tracking.hints.length} training script(s) log to ClearML; those runs are on the ClearML server, not in the repository.`, { path: hint.path, line: hint.line }));
  }
  for (const store of tracking.stores) {
    if (store.outputsElsewhere) findings.push(findingFrom(check, 'tracked-elsewhere', `${store.label} in ${store.ref.path}: the runs' metrics and plots live in ${store.outputsElsewhere}; deliver them (\`dvc exp push\`, \`dvc push\`) or a readable export.`, { path: store.ref.path }));
    if (store.richness === 'opaque' && store.runs.length) findings.push(findingFrom(check, 'tracked-elsewhere', `${store.label} in ${store.ref.path}: ${store.runs.length} run(s) packed for a tracking service; export them as readable runs.`, { path: store.ref.path }));
  }
}

function describeStore(store: TrackingStore): Evidence[] {
  const c = countRuns(store.runs);
  const parts = [
    store.experiments.length ? `${store.experiments.length} experiment(s)` : null,
    `${c.total} run(s)${c.deleted ? ` (${c.deleted} deleted)` : ''}`,
    `${c.withNotes} with notes`,
    `${c.withCommit} linked to commits`,
    `${c.withParams} with params`,
    `${c.withMetrics} with metrics`,
    c.failed ? `${c.failed} failed or killed` : null,
    store.registeredModels.length ? `registry: ${store.registeredModels.map((m) => `${m.name} (${m.versions.length} version(s))`).join(', ')}` : null,
    store.inspectedRuns < store.runs.length ? `files of ${store.inspectedRuns} of ${store.runs.length} runs read, the rest judged from the listing` : null,
    ...store.notes,
    store.problems.length ? `${store.problems.length} problem(s)` : null,
  ].filter(Boolean);
  const evidence: Evidence[] = [{ path: store.ref.path, kind: store.ref.kind, note: `${store.label}: ${parts.join(', ')}` }];
  if (store.runs.length <= RUN_EVIDENCE_LIMIT) {
    for (const run of store.runs) evidence.push({ path: run.path, kind: `${store.ref.kind}-run`, note: describeRun(run) });
  }
  return evidence;
}

function describeRun(run: TrackedRun): string {
  return [
    runLabel(run),
    run.deleted ? 'deleted' : run.status,
    `${run.paramCount} param(s), ${run.metricCount} metric(s)`,
    run.hasNote ? (run.note !== null ? `note: ${wordCount(run.note)} words` : 'note') : 'no note',
    run.hasGitCommit ? `commit ${run.gitCommit?.slice(0, 7) ?? 'recorded'}` : 'no commit',
  ].join(' · ');
}

function runLabel(run: TrackedRun): string {
  const id = run.id.length > 12 ? run.id.slice(0, 8) : run.id;
  return run.name ? `${run.name} (${id})` : id;
}

function summaryLine(tracking: ExperimentTracking, primary: { store: TrackingStore; judgement: StoreJudgement } | null): string {
  if (!primary) {
    if (tracking.stores.length === 0 && tracking.artifactOnly.length === 0) return 'No experiment tracking found.';
    return 'Tracking output found, but no readable runs.';
  }
  const c = primary.judgement.counts;
  const others = tracking.stores.length - 1;
  const selected = tracking.selected ? `selected model ${tracking.selected.label}` : 'no selected model marked';
  const unfinished = c.unfinished ? ` (${c.unfinished} never finished)` : '';
  return `${primary.store.label} ${primary.store.ref.path}: ${c.active} active run(s)${unfinished}, ${c.withNotes} with notes, ${c.withCommit} linked to commits; ${selected}${others > 0 ? `; ${others} other store(s)` : ''}.`;
}

/** Share against a target: reaching the target earns full marks. */
function cover(share: number, target: number): number {
  return Math.min(1, share / target);
}

function formatMetric(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 10_000) / 10_000) : String(value);
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
