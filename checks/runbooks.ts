// runbooks: can the receiving team operate the model on a bad day? Runbooks must cover deploy, rollback,
// retraining, monitoring alerts, diagnosis and escalation with real procedures, and every script, Make
// target, module and DVC stage they tell an operator to run must exist in the repository.
import { defineCheck, findingFrom, type Evidence, type Finding } from '../src/check.js';
import { parseMakeTargets } from '../src/formats/make-targets.js';
import {
  bestCoverage,
  classifyProcedure,
  extractProcedureSections,
  looksLikeAnsible,
  NOT_A_RUNBOOK,
  notebookMarkdown,
  parseRunbook,
  RUNBOOK_LOCATIONS,
  RUNBOOK_TOPICS,
  type Runbook,
  type RunbookReference,
  type RunbookTopicId,
  type TopicCoverage,
} from '../src/formats/runbook.js';
import { describeFamily, DEVELOPER_SETUP, OPERATIONS, RETRAINING, ROLLBACK, speaks, TURN_OFF } from '../src/formats/vocabulary.js';
import { parseYamlMapping } from '../src/formats/yaml.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';
import { topFolderPresent } from '../src/ownership/reference-resolver.js';

const MAX_RUNBOOKS = 200;
/** Markdown documents read to tell whether they are procedures, beyond the runbook folders. */
const MAX_PROCEDURE_CANDIDATES = 300;
/** Notebooks whose name says they operate the model (`05-continuous-training.ipynb`, `04-pipeline-deployment.ipynb`). */
const PROCEDURE_NOTEBOOK = /deploy|release|rollout|roll-?back|retrain|continuous[-_ ]?(?:training|deploy|delivery)/i;
const MAX_PROCEDURE_NOTEBOOKS = 20;
const THIRD_PARTY = /(^|\/)(node_modules|\.venv|venv|site-packages|\.tox|vendor|third[-_]party|\.git|\.github)\//i;
const READ_CAP = 512 * 1024;
/** A topic scoring below this is reported as incomplete. */
const COMPLETE = 0.7;
/** `python -m X` where X is a tool or library, not the vendor's code: never a missing reference. */
const THIRD_PARTY_MODULES = new Set(
  (
    'pip venv virtualenv ensurepip pipx pytest unittest doctest coverage tox nox pre_commit mlflow dvc http json uvicorn gunicorn hypercorn ' +
    'black ruff mypy flake8 isort pylint bandit ipykernel IPython jupyter notebook nbconvert papermill build twine wheel setuptools pdb ' +
    'cProfile profile pstats timeit trace site sysconfig platform sqlite3 zipfile tarfile gzip base64 uuid calendar webbrowser pydoc ' +
    'compileall py_compile tokenize ast dis asyncio streamlit great_expectations evidently nannyml whylogs airflow kfp spacy nltk torch ' +
    'tensorflow transformers huggingface_hub datasets celery flask django fastapi locust sphinx mkdocs optuna wandb bentoml dagster ' +
    'prefect zenml lightgbm xgboost sklearn pyspark dask ray awscli sagemaker alembic rich tqdm pip_audit safety poetry hatch'
  ).split(' '),
);

type TopicFindingId = `missing-${RunbookTopicId}`;

const TOPIC_REMEDIATION: Record<RunbookTopicId, string> = {
  deploy: 'Write the deploy procedure step by step: which model version or image, the exact command (`make deploy`, `helm upgrade …`), the access it needs, and how to verify it (smoke test, health endpoint).',
  rollback: 'Write how to return to the previous model version with exact commands: e.g. repoint the MLflow registry alias `champion` to the previous version (or `kubectl rollout undo`), keep the previous artifact, and verify the rollback.',
  retraining: 'Document retraining end to end: what triggers it, which data snapshot (DVC revision or dataset version), the command or pipeline stage, the evaluation gate with thresholds, who approves, and how the new version is registered.',
  monitoring: 'List each alert: its name, the threshold that fires it, what it means, the first response, and the dashboard or report to open.',
  diagnosis: 'Add a triage section: symptoms, where to look (logs, dashboards), the exact commands to run, and what each finding means.',
  escalation: 'Name who to call: the on-call rotation or channel, named contacts (buyer and vendor), severity levels and expected response times.',
};

const check = defineCheck({
  id: 'runbooks',
  title: 'Runbooks',
  rationale:
    'When the model misbehaves at 3 a.m. the receiving team needs written procedures, not the vendor’s memory: how to deploy, roll back, retrain, read an alert, diagnose and escalate. A runbook that points at scripts which were never committed fails exactly when it is needed.',
  defaultWeight: 2,
  criteria: [
    { id: 'deploy', title: 'Deploying a model version is written down', weight: 2, description: 'A deploy section with steps, the exact command, the version or image deployed, access needed, and how to verify.' },
    { id: 'rollback', title: 'Rolling back is written down', weight: 2, description: 'How to return to the previous version (e.g. repoint the MLflow `champion` alias), with commands and verification.' },
    { id: 'retraining', title: 'Retraining is written down', weight: 2, description: 'Trigger, data snapshot, command, evaluation gate, approver and registration step.' },
    { id: 'monitoring', title: 'Alerts are explained', weight: 1, description: 'Alert names, thresholds, what each means, the first response, and where the dashboard is.' },
    { id: 'diagnosis', title: 'Diagnosis and triage with exact commands', weight: 1, description: 'Symptoms, where to look, exact commands, and what each finding means.' },
    { id: 'escalation', title: 'Escalation and contacts', weight: 1, description: 'Named contacts or channels, the on-call rotation, severity levels or response times, and the owning team.' },
    { id: 'references', title: 'Referenced scripts and commands exist', weight: 2, description: 'Share of referenced scripts, files, Make targets, Python modules and DVC stages that exist in the repository (none referenced earns nothing).' },
  ],
  findings: {
    'no-runbooks': {
      severity: 'error',
      title: 'No runbooks',
      remediation:
        'Add runbooks under docs/runbooks/ (one file per procedure, or one RUNBOOK.md with sections): deploy, rollback, retraining, monitoring and alerts, diagnosis, escalation. Each needs exact commands and the scripts they call committed to the repository. `ml-handover init` writes a skeleton.',
    },
    'missing-deploy': { severity: 'warning', title: 'No deploy procedure', criterion: 'deploy', remediation: TOPIC_REMEDIATION.deploy },
    'missing-rollback': { severity: 'warning', title: 'No rollback procedure', criterion: 'rollback', remediation: TOPIC_REMEDIATION.rollback },
    'missing-retraining': { severity: 'warning', title: 'No retraining procedure', criterion: 'retraining', remediation: TOPIC_REMEDIATION.retraining },
    'missing-monitoring': { severity: 'warning', title: 'Alerts are not explained', criterion: 'monitoring', remediation: TOPIC_REMEDIATION.monitoring },
    'missing-diagnosis': { severity: 'warning', title: 'No diagnosis or triage section', criterion: 'diagnosis', remediation: TOPIC_REMEDIATION.diagnosis },
    'missing-escalation': { severity: 'warning', title: 'No escalation path or contacts', criterion: 'escalation', remediation: TOPIC_REMEDIATION.escalation },
    'incomplete-topic': { severity: 'warning', title: 'Runbook topic is thin', remediation: 'Fill in what the message lists as missing, with exact commands and steps.' },
    'empty-section': { severity: 'warning', title: 'Heading with no content', remediation: 'Write the procedure under this heading (steps and exact commands), or remove the heading: an empty section looks covered but is not.' },
    'missing-script': { severity: 'error', title: 'Referenced script or file is not in the repository', criterion: 'references', remediation: 'Commit the script or file the runbook tells operators to run, or correct the path in the runbook.' },
    'missing-make-target': { severity: 'error', title: 'Referenced Make target does not exist', criterion: 'references', remediation: 'Add the target to the Makefile, or change the runbook to the command that exists.' },
    'missing-module': { severity: 'warning', title: 'Referenced Python module is not in the repository', criterion: 'references', remediation: 'Commit the module `python -m` runs, or correct the module path in the runbook.' },
    'missing-dvc-stage': { severity: 'error', title: 'Referenced DVC stage does not exist', criterion: 'references', remediation: 'Add the stage to dvc.yaml, or change the runbook to the stage that exists (`dvc stage list`).' },
    'no-commands': { severity: 'warning', title: 'Runbooks name no scripts or commands', criterion: 'references', remediation: 'Give exact commands in code blocks (`make deploy`, `scripts/rollback.sh 12`) so an operator can act without guessing, and commit what they call.' },
    'not-a-runbook': { severity: 'info', title: 'Ansible playbook, not a runbook', remediation: 'Ansible playbooks automate steps but do not tell an operator when and why to run them: add a Markdown runbook that does.' },
  },
  scale: {
    high: 'Runbooks cover deploy, rollback, retraining, alerts, diagnosis and escalation with real steps and exact commands, and every script, Make target, module and DVC stage they reference exists.',
    low: 'No runbook anywhere, or only headings with nothing under them.',
  },
  recognises: [
    'docs/runbooks/**, runbooks/**, RUNBOOK*.md, runbook*.md, OPERATIONS.md, ONCALL.md, docs/operations/**, docs/ops/**, and policy locations',
    'playbooks/** only when Markdown prose (Ansible playbooks are reported and not counted)',
    `any other Markdown document, anywhere in the tree and READMEs included, whose title names operating the service and whose body is a procedure (two or more ordered steps or task-list items, or a shell command block): ${describeFamily(OPERATIONS)}; not change logs, contributing guides, glossaries, decision records or unfilled templates, nor documents titled or filed as ${describeFamily(DEVELOPER_SETUP)}`,
    'the procedure sections of any other document (a README\'s "Deploy the app", "Production", "How to ingest data"): a heading in the operations vocabulary, not developer setup, over 50 words, with two or more command blocks that do more than install (`pip install`, `cd`, YAML shown in a block do not count), or ordered steps with a command; a "Troubleshooting" section only with ordered steps; only those sections are judged',
    'Jupyter notebooks named for deploying, releasing, rolling back or (continuous) training whose cells run shell commands (`!gcloud …`, `%%bash`), read as Markdown',
    `rollback topic headings: ${describeFamily(ROLLBACK)}; ${describeFamily(TURN_OFF)}`,
    `retraining topic headings (refreshing what an LLM application answers from counts): ${describeFamily(RETRAINING)}`,
    'topics from headings and content: deploy, rollback, retraining (trigger, data snapshot, command, evaluation gate, approver, registration), monitoring/alerts, diagnosis/triage, escalation/contacts',
    'references in code blocks, inline code and relative links: scripts (`scripts/rollback.sh`), files passed with -f/--config, `make` targets (with -C/-f), `python -m` modules, `dvc repro` stages; a bare file name in inline code (`pyproject.toml`) only when the repository has it',
  ],
  async run(snapshot, context) {
    const evidence: Evidence[] = [];
    const findings: Finding[] = [];
    const paths = findRunbookPaths(snapshot, context.locations);
    await reportAnsible(snapshot, findings);
    const runbooks: Runbook[] = [];
    for (const path of paths) {
      const read = await snapshot.readText(path, { maxBytes: READ_CAP });
      if (!read.ok) continue; // the snapshot recorded why, with the path
      runbooks.push(parseRunbook(path, read.text));
    }
    for (const { path, text, reason } of await findProcedures(snapshot, new Set(paths))) {
      if (runbooks.length >= MAX_RUNBOOKS) break;
      runbooks.push(parseRunbook(path, text));
      evidence.push({ path, line: 1, kind: 'runbook-by-content', note: reason });
    }
    const substantial = runbooks.filter((runbook) => runbook.words > 0);
    if (substantial.length === 0) {
      const looked = 'docs/runbooks/, runbooks/, RUNBOOK*.md, OPERATIONS.md, ONCALL.md, docs/operations/, playbooks/*.md, operations procedures under any name anywhere in the tree (README sections and notebooks included)';
      const message = runbooks.length
        ? `${runbooks.length} runbook file(s) found but none has any content (${runbooks.map((r) => r.path).slice(0, 3).join(', ')}).`
        : `No runbooks found (looked in ${looked}${context.locations.length ? ', and the policy locations' : ''}).`;
      findings.push(findingFrom(check, 'no-runbooks', message, runbooks[0] ? { path: runbooks[0].path, line: 1 } : {}));
      for (const runbook of runbooks) evidence.push({ path: runbook.path, line: 1, kind: 'runbook', note: 'empty' });
      return { status: 'judged', criteria: zero(), evidence, findings, summary: runbooks.length ? 'Runbook files exist but are empty.' : 'No runbooks found.' };
    }

    const best = bestCoverage(runbooks);
    const criteria: Record<string, number> = {};
    for (const topic of RUNBOOK_TOPICS) {
      const coverage = best.get(topic.id);
      criteria[topic.id] = coverage?.score ?? 0;
      judgeTopic(topic.id, topic.title, coverage, findings);
    }
    for (const runbook of runbooks) {
      for (const coverage of runbook.topics) {
        if (coverage.empty && coverage.via === 'heading') {
          findings.push(
            findingFrom(check, 'empty-section', `"${coverage.heading.slice(0, 80)}" (${coverage.topic}) has a heading but no content.`, {
              path: runbook.path,
              line: coverage.line,
              remediation: TOPIC_REMEDIATION[coverage.topic],
            }),
          );
        }
      }
    }

    const resolver = new ReferenceResolver(snapshot);
    const { resolved, total } = await judgeReferences(runbooks, resolver, findings);
    criteria.references = total === 0 ? 0 : resolved / total;
    if (total === 0) findings.push(findingFrom(check, 'no-commands', `None of the ${runbooks.length} runbook file(s) names a script, Make target, module or file in the repository.`));

    for (const runbook of runbooks) evidence.push(describeRunbook(runbook));
    for (const [topic, coverage] of best) {
      evidence.push({
        path: coverage.path,
        line: coverage.line,
        kind: 'runbook-topic',
        note: `${topic} via ${coverage.via} "${coverage.heading.slice(0, 60)}": ${coverage.found.join(', ') || 'nothing specific'} (${coverage.commands} command(s), ${coverage.steps} step(s), score ${coverage.score})`,
      });
    }
    const covered = RUNBOOK_TOPICS.filter((topic) => (best.get(topic.id)?.score ?? 0) >= COMPLETE).map((topic) => topic.id);
    const absent = RUNBOOK_TOPICS.filter((topic) => !best.has(topic.id)).map((topic) => topic.id);
    return {
      status: 'judged',
      criteria,
      evidence,
      findings,
      summary: `${runbooks.length} runbook file(s); complete: ${covered.join(', ') || 'none'}${absent.length ? `; missing: ${absent.join(', ')}` : ''}; ${resolved} of ${total} referenced scripts/targets exist.`,
    };
  },
});

export default check;

function zero(): Record<string, number> {
  return Object.fromEntries(check.criteria.map((criterion) => [criterion.id, 0]));
}

function findRunbookPaths(snapshot: Snapshot, locations: readonly string[]): string[] {
  const patterns = [...RUNBOOK_LOCATIONS];
  for (const location of locations) {
    patterns.push(location);
    if (!/[*?{}[\]]|\.(md|markdown)$/i.test(location)) patterns.push(`${location.replace(/^\.\//, '').replace(/(?<!\/)\/+$/, '')}/**/*.{md,markdown}`);
  }
  return snapshot
    .glob(patterns)
    .filter((path) => /\.(md|markdown)$/i.test(path) && !NOT_A_RUNBOOK.test(path) && !snapshot.isSymlink(path))
    .slice(0, MAX_RUNBOOKS);
}

/**
 * Procedures kept under other names and places, recognised by what they hold: a document titled for operating
 * the service whose body is a procedure (`docs/turning-<service>-off.md`, `scripts/deploy/README.md`,
 * `RELEASING.md`), the procedure sections of any other document (a README's "Deploy the app"), and notebooks
 * named for deploying or retraining whose cells run the commands.
 */
async function findProcedures(snapshot: Snapshot, known: ReadonlySet<string>): Promise<Array<{ path: string; text: string; reason: string }>> {
  const markdown = snapshot.glob(['**/*.{md,markdown}']).filter((path) => !known.has(path) && !THIRD_PARTY.test(path) && !NOT_A_RUNBOOK.test(path) && !snapshot.isSymlink(path));
  const base = (path: string) => path.slice(path.lastIndexOf('/') + 1).replace(/\.(md|markdown)$/i, '');
  // Names first (cheap), then docs folders and READMEs (shallow first), then every other document.
  const byName = markdown.filter((path) => speaks(OPERATIONS, base(path)));
  const named = new Set(byName);
  const inDocs = markdown.filter((path) => /(^|\/)docs?\//i.test(path) && !named.has(path));
  const taken = new Set([...byName, ...inDocs]);
  const depth = (path: string) => path.split('/').length;
  const readmes = markdown.filter((path) => !taken.has(path) && /^readme$/i.test(base(path))).sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : 1));
  for (const path of readmes) taken.add(path);
  const others = markdown.filter((path) => !taken.has(path));
  const found: Array<{ path: string; text: string; reason: string }> = [];
  for (const path of [...byName, ...inDocs, ...readmes, ...others].slice(0, MAX_PROCEDURE_CANDIDATES)) {
    const size = await snapshot.sizeOf(path);
    if (size === undefined || size > READ_CAP) continue;
    const read = await snapshot.readText(path, { maxBytes: READ_CAP });
    if (!read.ok) continue;
    const verdict = classifyProcedure(path, read.text);
    if (verdict.runbook) {
      found.push({ path, text: read.text, reason: verdict.reason });
      continue;
    }
    const sections = extractProcedureSections(path, read.text);
    if (sections) found.push({ path, text: sections.text, reason: sections.reason });
  }
  const notebooks = snapshot.glob(['**/*.ipynb']).filter((path) => PROCEDURE_NOTEBOOK.test(path.slice(path.lastIndexOf('/') + 1)) && !THIRD_PARTY.test(path) && !snapshot.isSymlink(path));
  for (const path of notebooks.slice(0, MAX_PROCEDURE_NOTEBOOKS)) {
    const read = await snapshot.readText(path, { maxBytes: 2 * READ_CAP });
    const text = read.ok ? notebookMarkdown(read.text) : null;
    if (text === null) continue;
    const verdict = classifyProcedure(path, text, { requireCommands: true });
    if (verdict.runbook) found.push({ path, text, reason: `notebook ${verdict.reason}` });
  }
  return found;
}

/** Ansible keeps `playbooks/*.yml`: say so, so nobody wonders why they did not count. */
async function reportAnsible(snapshot: Snapshot, findings: Finding[]): Promise<void> {
  const candidates = snapshot.glob(['playbooks/**/*.{yml,yaml}', '**/playbook*.{yml,yaml}', 'ansible/**/*.{yml,yaml}']).slice(0, 20);
  let reported = 0;
  for (const path of candidates) {
    if (reported >= 3) break;
    const read = await snapshot.readText(path, { maxBytes: 64 * 1024 });
    if (!read.ok || !looksLikeAnsible(read.text)) continue;
    reported++;
    findings.push(findingFrom(check, 'not-a-runbook', `${path} is an Ansible playbook; it is not counted as a runbook.`, { path }));
  }
}

function judgeTopic(id: RunbookTopicId, title: string, coverage: TopicCoverage & { path: string } | undefined, findings: Finding[]): void {
  if (!coverage) {
    findings.push(findingFrom(check, `missing-${id}` satisfies TopicFindingId, `No runbook section covers ${title.toLowerCase()}.`));
    return;
  }
  if (coverage.score >= COMPLETE || coverage.empty) return; // empty headings get their own finding
  const definition = RUNBOOK_TOPICS.find((topic) => topic.id === id)!;
  const missing = coverage.missing.map((element) => definition.elements.find((e) => e.id === element)?.label ?? element);
  const where = coverage.via === 'content' ? `is only mentioned inside "${coverage.heading.slice(0, 60)}", not written as its own procedure` : `("${coverage.heading.slice(0, 60)}") is thin`;
  const lacking = missing.length ? `; it does not give: ${missing.join(', ')}` : '';
  const commands = definition.needsCommand && coverage.commands === 0 ? '; it gives no command' : '';
  findings.push(
    findingFrom(check, 'incomplete-topic', `${title} ${where}${lacking}${commands}.`, {
      path: coverage.path,
      line: coverage.line,
      remediation: TOPIC_REMEDIATION[id],
      severity: coverage.score < 0.4 ? 'warning' : 'info',
    }),
  );
}

async function judgeReferences(runbooks: readonly Runbook[], resolver: ReferenceResolver, findings: Finding[]): Promise<{ resolved: number; total: number }> {
  let resolved = 0;
  let total = 0;
  for (const runbook of runbooks) {
    const seen = new Set<string>();
    for (const reference of runbook.references) {
      const key = `${reference.kind}\0${reference.target}\0${reference.definedIn ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const outcome = await resolver.resolve(reference, runbook.path);
      if (outcome === 'not-a-reference') continue;
      total++;
      if (outcome === 'ok') {
        resolved++;
        continue;
      }
      findings.push(missingReference(reference, runbook.path, outcome));
    }
  }
  return { resolved, total };
}

function missingReference(reference: RunbookReference, path: string, detail: string): Finding {
  const at = { path, line: reference.line };
  const shown = reference.command.length > 100 ? reference.command.slice(0, 97) + '…' : reference.command;
  switch (reference.kind) {
    case 'make-target':
      return findingFrom(check, 'missing-make-target', `\`${shown}\`: ${detail}.`, at);
    case 'python-module':
      return findingFrom(check, 'missing-module', `\`${shown}\`: module ${reference.target} is not in the repository.`, at);
    case 'dvc-stage':
      return findingFrom(check, 'missing-dvc-stage', `\`${shown}\`: ${detail}.`, at);
    default:
      return findingFrom(check, 'missing-script', `${reference.via === 'link' ? 'Link' : `\`${shown}\``}: ${reference.target} is not in the repository.`, at);
  }
}

/** `backend/docs` -> ['backend/docs/', 'backend/', '']: where a command run from that folder finds its Makefile. */
function ancestorFolders(folder: string): string[] {
  const folders: string[] = [];
  const parts = folder ? folder.split('/') : [];
  for (let depth = parts.length; depth > 0 && folders.length < 20; depth--) folders.push(`${parts.slice(0, depth).join('/')}/`);
  folders.push('');
  return folders;
}

function folderOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

/** Answers "does this reference exist?" against the snapshot, reading each Makefile and dvc.yaml once. */
class ReferenceResolver {
  private readonly makefiles = new Map<string, Promise<{ targets: Set<string>; open: boolean } | null>>();
  private readonly dvcStages = new Map<string, Promise<Set<string> | null>>();

  constructor(private readonly snapshot: Snapshot) {}

  /** 'ok', 'not-a-reference' (a third-party module), or why it does not resolve. */
  async resolve(reference: RunbookReference, runbookPath: string): Promise<string> {
    switch (reference.kind) {
      case 'path':
        if (this.pathExists(reference, runbookPath)) return 'ok';
        if (reference.bare) return 'not-a-reference'; // `config.yaml` alone may name the operator's own file
        // A bare path in inline code whose first folder is nowhere here names another repository's file.
        return reference.via === 'inline-code' && !/\s/.test(reference.command) && !topFolderPresent(this.snapshot, reference.target!, folderOf(runbookPath)) ? 'not-a-reference' : 'missing';
      case 'make-target':
        return this.makeTarget(reference, folderOf(runbookPath));
      case 'python-module':
        return this.module(reference.target!);
      case 'dvc-stage':
        return this.dvcStage(reference);
    }
  }

  private exists(path: string): boolean {
    return this.snapshot.has(path) || this.snapshot.has(`${path}.dvc`) || this.snapshot.under(path).length > 0;
  }

  private pathExists(reference: RunbookReference, runbookPath: string): boolean {
    const target = reference.target!;
    if (this.exists(target)) return true;
    if (reference.via === 'link') return false; // links were resolved against the runbook's folder already
    const folder = runbookPath.includes('/') ? runbookPath.slice(0, runbookPath.lastIndexOf('/')) : '';
    if (folder !== '' && this.exists(`${folder}/${target}`)) return true;
    // `cd deploy/aca` early in the guide, `./infra/main.parameters.json` later: relative to where it went.
    return (reference.workingFolders ?? []).some((working) => this.exists(`${working}/${target}`));
  }

  /**
   * `make -f file` names its Makefile; `make -C dir` or a `cd dir` before it names the folder (from the root,
   * else from the document's folder); a plain `make x` runs where the document is, so the Makefile nearest to
   * it (its folder, then each folder above) is the one meant. A target defined in any of them counts.
   */
  private async makeTarget(reference: RunbookReference, runbookFolder: string): Promise<string> {
    if (reference.definedIn && !reference.definedIn.endsWith('/')) {
      if (!this.snapshot.has(reference.definedIn)) return `there is no ${reference.definedIn}`;
      return this.targetIn([reference.definedIn], reference);
    }
    const folders = reference.definedIn !== undefined
      ? [reference.definedIn, ...(runbookFolder ? [`${runbookFolder}/${reference.definedIn}`] : [])]
      : ancestorFolders(runbookFolder);
    const files = folders.flatMap((folder) => ['Makefile', 'makefile', 'GNUmakefile'].map((name) => `${folder}${name}`)).filter((file) => this.snapshot.has(file));
    if (files.length === 0) {
      // No Makefile where the document is: the prose may send the reader elsewhere ("`cd` into the `backend/`
      // folder"), so a target some Makefile of the repository defines is taken as that one (as for DVC stages).
      if (reference.definedIn === undefined && reference.target !== null) {
        const others = this.snapshot.glob(['**/Makefile', '**/makefile', '**/GNUmakefile']).slice(0, 50);
        for (const other of others) {
          const parsed = await this.makefile(other);
          if (parsed && (parsed.open || parsed.targets.has(reference.target))) return 'ok';
        }
      }
      return reference.definedIn !== undefined || runbookFolder === '' ? `there is no ${folders[0]}Makefile` : `there is no Makefile in ${runbookFolder}/ or any folder above it`;
    }
    return this.targetIn(files, reference);
  }

  private async targetIn(files: string[], reference: RunbookReference): Promise<string> {
    let readable: string | null = null;
    for (const file of files) {
      const parsed = await this.makefile(file);
      if (!parsed) continue;
      readable ??= file;
      if (reference.target === null || parsed.open || parsed.targets.has(reference.target)) return 'ok';
    }
    if (readable === null) return `${files[0]} could not be read`;
    return `${readable} has no target "${reference.target}"`;
  }

  private makefile(path: string): Promise<{ targets: Set<string>; open: boolean } | null> {
    let pending = this.makefiles.get(path);
    if (!pending) {
      pending = this.readMakefile(path, 0);
      this.makefiles.set(path, pending);
    }
    return pending;
  }

  private async readMakefile(path: string, depth: number): Promise<{ targets: Set<string>; open: boolean } | null> {
    const read = await this.snapshot.readText(path, { maxBytes: READ_CAP });
    if (!read.ok) return null;
    const parsed = parseMakeTargets(read.text);
    const targets = new Set(parsed.targets.keys());
    let open = parsed.open;
    const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
    for (const include of parsed.includes.slice(0, 20)) {
      if (/[$*?[]/.test(include) || depth >= 3) {
        open = true; // included file computed at make time: any target may come from it
        continue;
      }
      const included = this.snapshot.has(`${folder}${include}`) ? await this.readMakefile(`${folder}${include}`, depth + 1) : null;
      if (!included) continue;
      for (const target of included.targets) targets.add(target);
      open ||= included.open;
    }
    return { targets, open };
  }

  private module(module: string): string {
    const parts = module.split('.');
    const top = parts[0];
    const relative = parts.join('/');
    const candidates = [`${relative}.py`, `${relative}/__main__.py`, `${relative}/__init__.py`];
    for (const prefix of ['', 'src/', 'python/', 'lib/']) {
      if (candidates.some((candidate) => this.snapshot.has(prefix + candidate))) return 'ok';
    }
    // Monorepos: the package may sit under a service folder.
    if (this.snapshot.glob(candidates.map((candidate) => `**/${candidate}`)).length > 0) return 'ok';
    const packageInRepo = this.snapshot.glob([`**/${top}/__init__.py`, `**/${top}.py`, `${top}/**`]).length > 0;
    if (!packageInRepo && THIRD_PARTY_MODULES.has(top)) return 'not-a-reference';
    return 'missing';
  }

  private async dvcStage(reference: RunbookReference): Promise<string> {
    const file = reference.definedIn ?? 'dvc.yaml';
    if (!this.snapshot.has(file)) {
      if (reference.definedIn === undefined && reference.target !== null) {
        // `dvc repro stage` from a sub-project folder: accept a stage defined in any dvc.yaml.
        for (const other of this.snapshot.glob('**/dvc.yaml').slice(0, 50)) {
          if ((await this.stagesOf(other))?.has(reference.target)) return 'ok';
        }
      }
      return `there is no ${file}`;
    }
    if (reference.target === null) return 'ok';
    const stages = await this.stagesOf(file);
    if (!stages) return `${file} could not be parsed`;
    if (stages.has(reference.target)) return 'ok';
    for (const other of this.snapshot.glob('**/dvc.yaml').slice(0, 50)) {
      if (other !== file && (await this.stagesOf(other))?.has(reference.target)) return 'ok';
    }
    return `${file} has no stage "${reference.target}"`;
  }

  private stagesOf(path: string): Promise<Set<string> | null> {
    let pending = this.dvcStages.get(path);
    if (!pending) {
      pending = (async () => {
        const read = await this.snapshot.readText(path, { maxBytes: READ_CAP });
        if (!read.ok) return null;
        const parsed = parseYamlMapping(read.text);
        if (!parsed.ok) return null;
        const stages = parsed.value.stages;
        return new Set(stages && typeof stages === 'object' && !Array.isArray(stages) ? Object.keys(stages) : []);
      })();
      this.dvcStages.set(path, pending);
    }
    return pending;
  }
}

function describeRunbook(runbook: Runbook): Evidence {
  const topics = runbook.topics
    .filter((topic) => !topic.empty)
    .reduce((best, topic) => best.set(topic.topic, Math.max(best.get(topic.topic) ?? 0, topic.score)), new Map<string, number>());
  const parts = [
    runbook.title ? `"${runbook.title.slice(0, 60)}"` : 'untitled',
    topics.size ? `topics: ${[...topics].map(([topic, score]) => `${topic} ${score}`).join(', ')}` : 'no topics',
    `${runbook.references.length} reference(s)`,
    `${runbook.words} words`,
  ];
  if (runbook.placeholderLines.length) parts.push(`${runbook.placeholderLines.length} template line(s)`);
  return { path: runbook.path, line: 1, kind: 'runbook', note: parts.join(' · ') };
}
