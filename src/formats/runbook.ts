// Runbooks: where vendors keep them, which operational topics a Markdown runbook covers (judged from its
// headings and the content under them), and which repository scripts, Make targets, modules and DVC
// stages its commands reference. There is no formal standard (FORMATS.md §8); the topics follow SRE
// practice plus the ML-specific procedures (retraining, model rollback, drift alerts). Pure: text in.
import { parseMarkdown, normaliseHeading, type MarkdownDocument, type MarkdownSection } from './markdown.js';
import { notebookCells } from './notebook.js';
import { DEPLOY, DEVELOPER_SETUP, DIAGNOSIS, ESCALATION, MONITORING, OPERATIONS, RETRAINING, ROLLBACK, TURN_OFF, speaks } from './vocabulary.js';
import { commandLines, looksRepoRelative, normaliseRepoPath, referenceInPathSpan, referencesInCommandLine, type ShellReference } from './shell-references.js';

/** Where runbooks live (case-insensitive globs). `playbooks/` only counts for Markdown: Ansible uses it too. */
export const RUNBOOK_LOCATIONS: readonly string[] = [
  '{docs,doc}/runbooks/**/*.{md,markdown}',
  '{docs,doc}/runbook/**/*.{md,markdown}',
  'runbooks/**/*.{md,markdown}',
  'runbook/**/*.{md,markdown}',
  '**/runbooks/**/*.{md,markdown}',
  '**/runbook*.{md,markdown}',
  '**/OPERATIONS.{md,markdown}',
  '**/ONCALL.{md,markdown}',
  '**/ON_CALL.{md,markdown}',
  '**/ON-CALL.{md,markdown}',
  '{docs,doc}/operations/**/*.{md,markdown}',
  '{docs,doc}/ops/**/*.{md,markdown}',
  '{docs,doc}/oncall/**/*.{md,markdown}',
  'playbooks/**/*.{md,markdown}',
  '{docs,doc}/playbooks/**/*.{md,markdown}',
];

/** Templates and folder indexes are not runbooks of their own. */
export const NOT_A_RUNBOOK = /(^|\/)(template|_template|runbook[-_]template)\.(md|markdown)$|(^|\/)templates?\//i;

export type RunbookTopicId = 'deploy' | 'rollback' | 'retraining' | 'monitoring' | 'diagnosis' | 'escalation';

export interface TopicElement {
  id: string;
  /** What the element is, as a reader would say it ("evaluation gate"). */
  label: string;
  /** Matched against the section text; null means "the section gives a command". */
  pattern: RegExp | null;
}

export interface TopicDefinition {
  id: RunbookTopicId;
  title: string;
  /** Matched against normalised headings (`## 3. Rolling back` -> `rolling back`). */
  heading: RegExp;
  /** Matched against the file name when no heading names the topic (`docs/runbooks/rollback.md`). */
  fileName: RegExp;
  /** Strong wording that shows the topic is handled inside another section. */
  content: RegExp;
  /** A procedure for this topic is not real without a command or script. */
  needsCommand: boolean;
  elements: readonly TopicElement[];
}

const VERIFY = /smoke|health|verif|readiness|liveness|\/healthz?|curl|check that|confirm/i;
const HAS_COMMAND = null;

export const RUNBOOK_TOPICS: readonly TopicDefinition[] = [
  {
    id: 'deploy',
    title: 'Deploy',
    heading: DEPLOY.pattern,
    fileName: /deploy|release|rollout|install/i,
    // Platform rollouts too (`anyscale service rollout`, `gcloud run deploy`, `azd up`): a README section named for the
    // service ("Anyscale Services") that rolls it out is a deploy procedure.
    content: /helm (upgrade|install)|kubectl apply|make deploy|deploy\.sh|kubectl set image|anyscale service (?:deploy|rollout)|gcloud (?:run|app) deploy|az (?:webapp|containerapp|functionapp) (?:deploy|up)|azd (?:up|deploy)|fly deploy|(?:cdk|sam|serverless) deploy/i,
    needsCommand: true,
    elements: [
      { id: 'command', label: 'deploy command', pattern: /make deploy|anyscale service (?:deploy|rollout)|azd up|helm (upgrade|install)|kubectl (apply|set image|rollout)|argocd|docker (push|compose)|deploy\.sh|terraform apply|kustomize|skaffold|mlflow models serve|sagemaker|gcloud run|az ml|\bdeploy\b|gh release|git tag|twine upload|npm publish|(create|draft|publish) (a )?new release/i },
      { id: 'version', label: 'which model version or image', pattern: /version|alias|champion|\btag\b|image|release|sha/i },
      { id: 'verify', label: 'how to verify the deploy', pattern: VERIFY },
      { id: 'access', label: 'prerequisites or access', pattern: /prerequisite|access|kubeconfig|credential|namespace|context|permission|requires?|before you/i },
    ],
  },
  {
    id: 'rollback',
    title: 'Rollback or switching off',
    heading: new RegExp(`${ROLLBACK.pattern.source}|${TURN_OFF.pattern.source}`, 'u'),
    fileName: /roll-?back|revert|restore|turn(?:ing)?-(?:[^-/]{1,40}-){0,4}off|switch(?:ing)?-(?:[^-/]{1,40}-){0,4}off|shut-?down|disable|kill-?switch|decommission/i,
    content: /roll(ing)?[ -]?back|revert to|git revert|previous (model )?version|rollout undo|kill[ -]switch/i,
    needsCommand: true,
    elements: [
      { id: 'command', label: 'rollback command', pattern: HAS_COMMAND },
      { id: 'previous', label: 'which previous version to return to', pattern: /previous|last known good|prior|older|earlier version|before the (deploy|release)/i },
      { id: 'mechanism', label: 'how (alias, stage, image tag, revision)', pattern: /alias|champion|stage|rollout undo|helm rollback|revision|image tag|\bpin|feature flag|kill switch|setting/i },
      { id: 'verify', label: 'how to verify the rollback', pattern: VERIFY },
    ],
  },
  {
    id: 'retraining',
    title: 'Retraining',
    heading: RETRAINING.pattern,
    fileName: /re-?train|training|refresh/i,
    content: /make (re)?train\b|dvc repro|\bretrain/i,
    needsCommand: true,
    elements: [
      { id: 'trigger', label: 'trigger', pattern: /trigger|schedul|monthly|weekly|quarterly|\bcron\b|drift|\bpsi\b|when .{0,40}(drops|exceeds|falls)|alert/i },
      { id: 'data', label: 'data snapshot', pattern: /snapshot|\bdvc\b|revision|data version|dataset version|partition|as of|cut-?off|\.parquet|\.csv|\btable\b|extract/i },
      { id: 'command', label: 'training command', pattern: /make (re)?train|dvc (repro|exp run)|python[\d.]* (-m )?\S*train|train\.py|mlflow run|kubectl create job|airflow dags trigger|gh workflow run|python[\d.]* (-m )?\S*(ingest|index|upload)\w*/i },
      { id: 'gate', label: 'evaluation gate', pattern: /gate|threshold|≥|>=|at least|must (beat|exceed|not)|no worse|better than|compar|minimum|acceptance/i },
      { id: 'approver', label: 'approver', pattern: /approv|sign[- ]?off|review(er|ed)?\b|accountable|decides/i },
      { id: 'registration', label: 'registration step', pattern: /regist|alias|champion|challenger|promot|model registry/i },
    ],
  },
  {
    id: 'monitoring',
    title: 'Monitoring and alerts',
    heading: MONITORING.pattern,
    fileName: /monitor|alert|drift|dashboard/i,
    content: /\balert|dashboard|\bdrift\b/i,
    needsCommand: false,
    elements: [
      { id: 'alerts', label: 'alert names', pattern: /alert|alarm|\bpage[sd]?\b|notification/i },
      { id: 'thresholds', label: 'thresholds', pattern: /(>=|<=|>|<|≥|≤|above|below|exceeds?|over|under)\s{0,3}\d/i },
      { id: 'meaning', label: 'what an alert means', pattern: /means|indicates|likely cause|usually|when this fires|what it means|impact/i },
      { id: 'response', label: 'first response', pattern: /action|respond|first step|check|investigate|runbook|then\b/i },
      { id: 'dashboard', label: 'dashboard or report link', pattern: /dashboard|grafana|evidently|report|https?:\/\//i },
    ],
  },
  {
    id: 'diagnosis',
    title: 'Diagnosis and triage',
    heading: DIAGNOSIS.pattern,
    fileName: /triage|troubleshoot|diagnos|debug|incident/i,
    content: /kubectl logs|kubectl describe|troubleshoot|check the logs/i,
    needsCommand: true,
    elements: [
      { id: 'command', label: 'exact commands', pattern: HAS_COMMAND },
      { id: 'symptoms', label: 'symptoms', pattern: /symptom|error|fail|timeout|latency|\b5\d\d\b|exception|crash|oom|missing|empty|slow/i },
      { id: 'where', label: 'where to look (logs, dashboards)', pattern: /\blogs?\b|dashboard|grafana|kubectl (logs|describe|get)|trace|metrics/i },
      { id: 'decision', label: 'what each finding means', pattern: /\bif\b|\bthen\b|otherwise|likely|cause|check whether/i },
    ],
  },
  {
    id: 'escalation',
    title: 'Escalation and contacts',
    heading: ESCALATION.pattern,
    fileName: /escalat|contact|on-?call|support/i,
    content: /escalat|on-?call|pagerduty|opsgenie|slack channel|teams channel|leave a message in|post in #/i,
    needsCommand: false,
    elements: [
      { id: 'contact', label: 'named contacts (channel, e-mail, handle, phone)', pattern: /#[a-z][\w-]+|(^|\s)@[a-z]|(?<![\w.+-])[\w.+-]+@[\w-]+\.[a-z]|phone|\+\d|slack\.com\/|teams\.microsoft\.com\//i },
      { id: 'rotation', label: 'on-call rotation', pattern: /on-?call|rotation|pagerduty|opsgenie|pager/i },
      { id: 'timing', label: 'severity levels or response times', pattern: /\bsev|\bp[0-4]\b|severity|business hours|within \d+|(?<!\d)\d+ ?(minutes|hours|min\b|h\b)|24\/7|response time/i },
      { id: 'owner', label: 'owning team', pattern: /team|owner|lead|manager|vendor|support/i },
    ],
  },
];

export interface TopicCoverage {
  topic: RunbookTopicId;
  heading: string;
  line: number;
  endLine: number;
  /** How the topic was recognised: its own heading, the file's name, or wording inside another section. */
  via: 'heading' | 'file-name' | 'content';
  words: number;
  commands: number;
  steps: number;
  found: string[];
  missing: string[];
  /** 0..1: substance (words, commands, steps) and the topic's elements. */
  score: number;
  /** Heading with nothing (or only template text) under it. */
  empty: boolean;
}

export interface RunbookReference extends ShellReference {
  line: number;
  via: 'code-block' | 'inline-code' | 'link';
  /**
   * A bare file name in inline code (`pyproject.toml`): a reference only when the repository has the file,
   * since it may as well name a file on the operator's machine.
   */
  bare?: boolean;
  /** For a path: folders the document `cd`s into (`cd deploy/aca`), where `./infra/main.bicep` may also be. */
  workingFolders?: string[];
}

export interface Runbook {
  path: string;
  title: string | null;
  topics: TopicCoverage[];
  references: RunbookReference[];
  words: number;
  /** Lines blanked as template text (`TODO`, `TBD`, `_Describe …_`, `[More Information Needed]`). */
  placeholderLines: number[];
}

const SHELL_LANGS = /^(|sh|bash|shell|zsh|console|shell-session|shellsession|terminal|text|txt|make|ps|powershell|pwsh|ps1|cmd|bat|commandline|azurecli|azcli)$/i;
const PLACEHOLDER_LINE = /^\s*(?:[-*+]\s+|\d+[.)]\s+|>\s*)?(?:(?:todo|tbd|fixme|xxx|tba)\b.*|\[(?:more information needed|todo|tbd|describe|insert|add|fill)[^\]]*\]|<(?:describe|insert|add|fill|todo|your)[^>]*>|(?:describe|explain|fill in|replace this)\b(?!.*`).*|_[^_]{1,300}_|\*[^*]{1,300}\*|\.{3}|…)\s*\.?\s*$/i;
const MAX_STEPS_SCAN = 20_000;

/**
 * Files that are never an operational procedure, whatever their words: project meta files, glossaries, decision
 * records. A README is judged by its title (scripts/deploy/README.md "Deploying Chat Copilot") or its sections.
 */
const NOT_A_PROCEDURE =
  /(^|\/)(changelog|changes|history|contributing|code[-_]of[-_]conduct|security|licen[cs]e|glossary|abbreviations|terminology|authors|notice|pull[-_]request[-_]template)[^/]*$|(^|\/)(adrs?|decisions|decision[-_]records|rfcs?)\//i;
/** `1. step`, and task-list items (`- [ ] Update the version`): a release checklist is an ordered procedure too. */
const ORDERED_STEP = /^\s{0,3}\d{1,3}[.)]\s+\S|^\s{0,3}[-*+]\s{1,4}\[[ xX]\]\s+\S/;
/** `- Run \`make refresh_db\``: a plain bullet at the list's top level. */
const BULLET_STEP = /^\s{0,3}[-*+]\s{1,4}\S/;
/**
 * A heading about refreshing or rebuilding the data the service answers from ("How do I completely refresh my
 * database?", "Wiping the vector store"), which the operations vocabulary does not name.
 */
const REFRESH_DATA = /\b(?:refresh|wip(?:e|ing)|reset|re-?seed|re-?creat(?:e|ing)|rebuild)\b[^\n]{0,40}\b(?:database|db|index|vector ?store|embeddings|tables?|collection)\b/i;
/** Commands that set up a machine rather than operate the service: a section of only these is installation. */
const SETUP_COMMAND = /^\s*(?:\$\s+)?(?:(?:sudo\s+)?(?:pip3?|python3?\s+-m\s+pip|uv\s+pip|conda|mamba|poetry|pipenv|npm|yarn|pnpm|brew|apt(?:-get)?|gem|bundle|cargo|go)\s+(?:install|add|i|sync|get)\b|cd\b|source\b|export\b|set\b|git\s+clone\b|echo\b|ls\b|cat\b|mkdir\b|python3?\s+-m\s+venv\b|virtualenv\b|conda\s+(?:create|activate)\b|#|$)/i;
/** `pyproject.toml`, `HISTORY.md`, `deploy.sh`: a file name with an extension a repository keeps. */
const BARE_FILE = /^[\w-][\w.-]{0,80}\.(?:toml|md|ya?ml|json|py|sh|ps1|cfg|ini|txt|lock|tf|bicep|Makefile|mk|env\.example|dockerfile)$/i;
/** A line that starts like a command: a word, a path or a prompt. */
const COMMAND_LINE = /^\s*(?:\$\s+|>\s+|PS>\s*)?[\w.\/~-]/;
/** `key: value`, `"key": …`, `- item`, `{`: configuration shown in a block, not a command. */
const CONFIG_LINE = /^\s*(?:[\w.-]{1,80}:(?:\s|$)|["'][^"'\n]{0,80}["']\s*:|[-{}[\]<])/;
/** An inline code span; with a space in it, it is a command, not a name (`poetry run python scripts/upload.py`). */
const INLINE_CODE = /`([^`\n]{1,600})`/;
/** A section inside a larger document counts when it is at least this long. */
const MIN_SECTION_WORDS = 50;

export interface ProcedureVerdict {
  runbook: boolean;
  /** Why, for evidence: the title's wording and the procedure found, or what was missing. */
  reason: string;
}

/**
 * Whether a Markdown document outside the runbook folders is a runbook by what it holds: its title (first
 * heading, else the file name) names operating the service (turning it off, deleting data, rebuilding an
 * index, rolling back…), and its body is a procedure: ordered steps, or commands in shell blocks, with
 * prose around them. Templates left unfilled, glossaries, READMEs and decision records are not.
 */
export function classifyProcedure(path: string, text: string, options: { requireCommands?: boolean } = {}): ProcedureVerdict {
  if (NOT_A_PROCEDURE.test(path)) return { runbook: false, reason: 'a project meta file, glossary or decision record' };
  const { cleaned, placeholderLines } = blankPlaceholders(text.slice(0, 256 * 1024));
  const document = parseMarkdown(cleaned);
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.(md|markdown)$/i, '');
  const title = document.title?.text ?? base;
  if (!speaks(OPERATIONS, title) && !speaks(OPERATIONS, base)) return { runbook: false, reason: `"${title.slice(0, 60)}" does not name an operational procedure` };
  // "Local Development/Deployment", docs/installation/…: setting up a machine, not operating the service.
  if (speaks(DEVELOPER_SETUP, title) || speaks(DEVELOPER_SETUP, path.slice(0, path.lastIndexOf('/') + 1))) return { runbook: false, reason: `"${title.slice(0, 60)}" sets up a developer machine` };
  const words = wordCount(document.text);
  if (words < 40) return { runbook: false, reason: placeholderLines.length ? 'a template left unfilled' : 'too short to be a procedure' };
  let steps = 0;
  let fenced = false;
  for (const line of cleaned.split('\n').slice(0, MAX_STEPS_SCAN)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced && ORDERED_STEP.test(line)) steps++;
  }
  const shellBlocks = document.code.filter((code) => code.kind === 'block' && SHELL_LANGS.test(code.lang ?? '') && code.value.trim()).length;
  if (steps < 2 && shellBlocks === 0) return { runbook: false, reason: `"${title.slice(0, 60)}" has no ordered steps or commands` };
  if (options.requireCommands && shellBlocks === 0) return { runbook: false, reason: `"${title.slice(0, 60)}" runs no commands` };
  const parts = [steps >= 2 ? `${steps} ordered step(s)` : null, shellBlocks ? `${shellBlocks} command block(s)` : null].filter(Boolean);
  return { runbook: true, reason: `"${title.slice(0, 60)}" is a procedure: ${parts.join(', ')}` };
}

export interface ProcedureSections {
  /** The document with every line outside the procedure sections blanked (line numbers kept). */
  text: string;
  headings: string[];
  reason: string;
}

/**
 * The sections of a document that are procedures for operating the service (a README's "Deploy the app",
 * "Production", "How to ingest data"): the heading names an operation, not setting up a machine, and the
 * section (with its sub-sections) has two or more command blocks that do more than install, or ordered steps
 * and such a block. Null when there is none. "Installation" with `pip install` never qualifies.
 */
export function extractProcedureSections(path: string, text: string): ProcedureSections | null {
  if (NOT_A_PROCEDURE.test(path)) return null;
  const { cleaned } = blankPlaceholders(text.slice(0, 256 * 1024));
  const document = parseMarkdown(cleaned);
  const lines = cleaned.split('\n');
  const keep: Array<{ from: number; to: number; heading: string }> = [];
  for (const section of document.sections) {
    const { line, text: heading } = section.heading;
    if (keep.some((range) => line >= range.from && line <= range.to)) continue; // inside a section already kept
    const maintenance = REFRESH_DATA.test(heading);
    if ((!speaks(OPERATIONS, heading) && !maintenance) || speaks(DEVELOPER_SETUP, heading)) continue;
    if (wordCount(section.content) < MIN_SECTION_WORDS) continue;
    const blocks = document.code.filter((code) => code.kind === 'block' && code.line >= line && code.line <= section.endLine && SHELL_LANGS.test(code.lang ?? '') && operates(code.value)).length;
    const { steps, commandSteps, bulletSteps, bulletCommands } = orderedSteps(lines, line, section.endLine);
    // An FAQ answer ("How do I completely refresh my database?") is often a bulleted list of steps with the commands inline.
    const procedure = (steps >= 2 && blocks + commandSteps >= 1) || (maintenance && bulletSteps >= 2 && bulletCommands >= 1);
    // A README's "Troubleshooting" is mostly a developer's machine: only ordered triage steps make it operations.
    if (procedure || (blocks >= 2 && !speaks(DIAGNOSIS, heading))) keep.push({ from: line, to: section.endLine, heading });
  }
  if (keep.length === 0) return null;
  const kept = lines.map((content, index) => (keep.some((range) => index + 1 >= range.from && index + 1 <= range.to) ? content : ''));
  const headings = keep.map((range) => range.heading.slice(0, 60));
  return { text: kept.join('\n'), headings, reason: `procedure section(s) ${headings.map((heading) => `"${heading}"`).join(', ')}` };
}

/** A command block that does something beyond installing and moving around (YAML or JSON in a bare block is no command). */
function operates(block: string): boolean {
  let operative = 0;
  for (const line of block.split('\n', 200)) if (line.length <= 400 && COMMAND_LINE.test(line) && !CONFIG_LINE.test(line) && !SETUP_COMMAND.test(line)) operative++;
  return operative > 0;
}

/**
 * Ordered steps in a range of lines, and how many of them give a command inline (`1. \`make deploy\``); the same
 * for plain bullets (`- Run \`make refresh_db\``), which only a data-maintenance section is allowed to count.
 */
function orderedSteps(lines: readonly string[], from: number, to: number): { steps: number; commandSteps: number; bulletSteps: number; bulletCommands: number } {
  let steps = 0;
  let commandSteps = 0;
  let bulletSteps = 0;
  let bulletCommands = 0;
  let fenced = false;
  for (let i = from; i <= to && i <= lines.length && i - from < MAX_STEPS_SCAN; i++) {
    const line = lines[i - 1] ?? '';
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (fenced) continue;
    else if (ORDERED_STEP.test(line) || BULLET_STEP.test(line)) {
      const ordered = ORDERED_STEP.test(line);
      const inline = line.length <= 1000 ? INLINE_CODE.exec(line) : null;
      const command = inline !== null && /^[\w./-]\S* \S/.test(inline[1]) && operates(inline[1]);
      if (ordered) {
        steps++;
        if (command) commandSteps++;
      } else {
        bulletSteps++;
        if (command) bulletCommands++;
      }
    }
  }
  return { steps, commandSteps, bulletSteps, bulletCommands };
}

/**
 * A Jupyter notebook as Markdown: its Markdown cells as written, code cells as fenced blocks, and the shell
 * lines of a code cell (`!gcloud …`, `%%bash`) as shell blocks. Null when the text is not a notebook.
 */
export function notebookMarkdown(text: string): string | null {
  const cells = notebookCells(text);
  if (!cells) return null;
  const out: string[] = [];
  for (const { type, source } of cells.slice(0, 2000)) {
    if (type === 'markdown') out.push(source, '');
    else if (type === 'code') {
      const cellLines = source.split('\n');
      const bash = /^\s*%%(bash|sh)\b/.test(cellLines[0] ?? '');
      const shell = bash ? cellLines.slice(1) : cellLines.filter((line) => /^\s*!/.test(line)).map((line) => line.replace(/^\s*!/, ''));
      const python = bash ? [] : cellLines.filter((line) => !/^\s*!/.test(line));
      if (python.some((line) => line.trim())) out.push('```python', ...python.map(fenceSafe), '```', '');
      if (shell.some((line) => line.trim())) out.push('```sh', ...shell.map(fenceSafe), '```', '');
    }
  }
  return out.join('\n');
}

/** A line of code that would close the fence it is put in is indented by a space. */
function fenceSafe(line: string): string {
  return /^\s*(```|~~~)/.test(line) ? ` ${line}` : line;
}

export function parseRunbook(path: string, text: string): Runbook {
  const { cleaned, placeholderLines } = blankPlaceholders(text);
  const document = parseMarkdown(cleaned);
  const lines = cleaned.split('\n');
  const stats = (from: number, to: number, body: string) => sectionStats(document, lines, from, to, body);
  const topics: TopicCoverage[] = [];
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.(md|markdown)$/i, '');

  for (const definition of RUNBOOK_TOPICS) {
    const matched = document.sections.filter((section) => headingNames(definition, section.heading.text));
    // A title written as a sibling of the sections below it ("## Continuous Deployment - Undo Changes", then
    // "## Steps") has no content of its own: the document under it is what the title names.
    const titleOnly = (section: MarkdownSection) => document.title !== null && section.heading.line === document.title.line && wordCount(section.content) < 3;
    const judged = matched.map((section) =>
      titleOnly(section)
        ? judge(definition, section.heading.text, section.heading.line, lines.length, document.text, 'heading', stats)
        : judge(definition, section.heading.text, section.heading.line, section.endLine, section.content, 'heading', stats),
    );
    topics.push(...judged);
    // An empty "## Rollback" heading does not hide a rollback procedure written elsewhere in the file.
    if (judged.some((coverage) => !coverage.empty)) continue;
    if (matched.length === 0 && definition.fileName.test(base)) {
      topics.push(judge(definition, document.title?.text ?? base, 1, lines.length, document.text, 'file-name', stats));
      continue;
    }
    const mention = mentionIn(document, definition);
    if (mention) topics.push(judge(definition, mention.heading.text, mention.heading.line, mention.endLine, mention.body || mention.content, 'content', stats));
  }
  if (document.sections.length === 0 && document.text.trim()) {
    // A runbook without headings: judge the whole text for each topic it clearly mentions.
    for (const definition of RUNBOOK_TOPICS) {
      if (definition.content.test(document.text)) topics.push(judge(definition, '(whole document)', 1, lines.length, document.text, 'content', stats));
    }
  }

  return { path, title: document.title?.text ?? null, topics, references: extractReferences(path, document, lines), words: wordCount(document.text), placeholderLines };
}

/** The best coverage per topic across several runbooks (a topic may be split over files). */
export function bestCoverage(runbooks: readonly Runbook[]): Map<RunbookTopicId, TopicCoverage & { path: string }> {
  const best = new Map<RunbookTopicId, TopicCoverage & { path: string }>();
  for (const runbook of runbooks) {
    for (const coverage of runbook.topics) {
      const current = best.get(coverage.topic);
      if (!current || coverage.score > current.score) best.set(coverage.topic, { ...coverage, path: runbook.path });
    }
  }
  return best;
}

/** An Ansible playbook (YAML plays with hosts/tasks/roles), which lives in `playbooks/` but is no runbook. */
export function looksLikeAnsible(text: string): boolean {
  const head = text.slice(0, 64 * 1024);
  // `[ \t]` not `\s`: with the m flag `\s*` would run across blank lines (quadratic on a file of newlines).
  return /^[ \t]*-[ \t]+(hosts|import_playbook|name):/m.test(head) && /^[ \t]+(tasks|roles|become|hosts|gather_facts|ansible\.builtin\.\w+):/m.test(head);
}

function headingNames(definition: TopicDefinition, heading: string): boolean {
  const normalised = normaliseHeading(heading);
  if (!definition.heading.test(normalised)) return false;
  // "Rolling back a deployment" is a rollback section, not a deploy one.
  if (definition.id === 'deploy' && RUNBOOK_TOPICS[1].heading.test(normalised)) return false;
  return true;
}

/** The smallest section whose own text shows the topic handled (e.g. a rollback command inside "Deploy"). */
function mentionIn(document: MarkdownDocument, definition: TopicDefinition): MarkdownSection | undefined {
  let best: MarkdownSection | undefined;
  for (const section of document.sections) {
    const own = section.body || '';
    if (!definition.content.test(own)) continue;
    if (!best || section.endLine - section.heading.line < best.endLine - best.heading.line) best = section;
  }
  return best;
}

type Stats = { words: number; commands: number; steps: number; codeLines: number };

function judge(
  definition: TopicDefinition,
  heading: string,
  line: number,
  endLine: number,
  body: string,
  via: TopicCoverage['via'],
  stats: (from: number, to: number, body: string) => Stats,
): TopicCoverage {
  const { words, commands, steps, codeLines } = stats(line, endLine, body);
  const found: string[] = [];
  const missing: string[] = [];
  for (const element of definition.elements) {
    const present = element.pattern === null ? commands > 0 : element.pattern.test(body);
    (present ? found : missing).push(element.id);
  }
  const empty = words < 3 && commands === 0;
  let score = 0;
  if (!empty) {
    const wordsPart = words >= 30 ? 0.4 : words >= 10 ? 0.2 : 0;
    const actionable = definition.needsCommand ? (commands > 0 ? 0.4 : 0) : words >= 60 || steps >= 2 ? 0.4 : 0;
    const stepsPart = steps >= 2 || codeLines >= 2 || words >= 80 ? 0.2 : 0;
    const substance = wordsPart + actionable + stepsPart;
    const detail = found.length / definition.elements.length;
    score = 0.4 * substance + 0.6 * detail;
    if (via === 'content') score *= 0.5; // mentioned in passing is not a procedure
  }
  return { topic: definition.id, heading, line, endLine, via, words, commands, steps, found, missing, score: Math.round(score * 100) / 100, empty };
}

function sectionStats(document: MarkdownDocument, lines: string[], from: number, to: number, body: string): Stats {
  let commands = 0;
  let codeLines = 0;
  for (const code of document.code) {
    if (code.line < from || code.line > to) continue;
    if (code.kind === 'block') {
      commands++;
      codeLines += code.value.split('\n').filter((l) => l.trim()).length;
    } else if (/\s|\//.test(code.value.trim()) && /^[.\w]/.test(code.value.trim())) commands++;
  }
  let steps = 0;
  let fenced = false;
  for (let i = from; i <= to && i <= lines.length && i - from < MAX_STEPS_SCAN; i++) {
    const line = lines[i - 1] ?? '';
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced && /^\s*([-*+]|\d+[.)])\s+\S/.test(line)) steps++;
  }
  return { words: wordCount(body), commands, steps, codeLines };
}

function extractReferences(path: string, document: MarkdownDocument, lines: string[]): RunbookReference[] {
  const references: RunbookReference[] = [];
  const seen = new Set<string>();
  const visited = new Set<string>();
  const add = (reference: ShellReference & { bare?: boolean }, line: number, via: RunbookReference['via']) => {
    const key = `${reference.kind}\0${reference.target}\0${reference.definedIn ?? ''}\0${line}`;
    if (seen.has(key) || references.length >= 2000) return;
    seen.add(key);
    references.push({ ...reference, line, via });
  };
  for (const code of document.code) {
    if (code.kind === 'block') {
      if (!SHELL_LANGS.test(code.lang ?? '')) continue;
      const fenced = /^\s*(```|~~~)/.test(lines[code.line - 1] ?? '');
      const directory: WorkingDirectory = { folder: '', visited };
      for (const command of commandLines(code.value)) {
        for (const reference of referencesAfterCd(command.text, directory)) add(reference, code.line + (fenced ? 1 : 0) + command.offset, 'code-block');
      }
    } else {
      const span = code.value.trim();
      if (/\s/.test(span)) for (const reference of referencesAfterCd(span, { folder: '', visited })) add(reference, code.line, 'inline-code');
      else {
        const reference = referenceInPathSpan(span);
        if (reference) add(reference, code.line, 'inline-code');
        else if (BARE_FILE.test(span)) add({ kind: 'path', target: span, command: span, executed: false, bare: true }, code.line, 'inline-code');
      }
    }
  }
  const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  for (const link of document.links) {
    const url = link.url.trim();
    if (!url || url.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) continue;
    const clean = safeDecode(url.split('#')[0].split('?')[0]);
    if (!clean || !looksRepoRelative(clean.replace(/^\/+/, ''))) continue;
    const target = clean.startsWith('/') ? normaliseRepoPath(clean) : normaliseRepoPath(folder ? `${folder}/${clean}` : clean);
    if (target) add({ kind: 'path', target, command: link.url }, link.line, 'link');
  }
  if (visited.size > 0) {
    const workingFolders = [...visited].slice(0, 10);
    for (const reference of references) if (reference.kind === 'path' && reference.via !== 'link') reference.workingFolders = workingFolders;
  }
  return references;
}

/** The folder a snippet has `cd`-ed into ('' at the start, null once it went somewhere we cannot follow). */
interface WorkingDirectory {
  folder: string | null;
  /** Every folder the document went into, for paths written relative to it further on. */
  visited: Set<string>;
}

const CD_SEGMENT = /^\s*(?:pushd|cd)\s+(\S+)\s*$/;

/**
 * References in one command line, where `cd backend && make migrate` (or a `cd backend` line earlier in the
 * block) makes the Make target one of backend/Makefile. Only Make targets move: paths are still tried from
 * the root and from the document's folder, which covers most `cd` walk-throughs.
 */
function referencesAfterCd(text: string, directory: WorkingDirectory): ShellReference[] {
  if (!/(?:^|[\s;&|])(?:cd|pushd)\s/.test(text)) return withDirectory(referencesInCommandLine(text), directory.folder);
  const references: ShellReference[] = [];
  for (const segment of text.split(/&&|\|\||;/).slice(0, 50)) {
    const cd = CD_SEGMENT.exec(segment);
    if (!cd) {
      references.push(...withDirectory(referencesInCommandLine(segment), directory.folder));
      continue;
    }
    if (directory.folder === null) continue;
    const target = cd[1]; // `backend/`: normaliseRepoPath drops the empty part
    if (!looksRepoRelative(target)) directory.folder = null; // `cd ~`, `cd $APP_DIR`, `cd /srv/app`
    else directory.folder = normaliseRepoPath(directory.folder ? `${directory.folder}/${target}` : target) ?? (target.startsWith('..') ? null : '');
    if (directory.folder) directory.visited.add(directory.folder);
  }
  return references;
}

function withDirectory(references: ShellReference[], folder: string | null): ShellReference[] {
  // After `cd $APP_DIR`, a plain `make deploy` names a Makefile we cannot locate: no reference at all.
  if (folder === null) return references.filter((reference) => reference.kind !== 'make-target' || reference.definedIn !== undefined);
  if (!folder) return references;
  return references.map((reference) => (reference.kind === 'make-target' && reference.definedIn === undefined ? { ...reference, definedIn: `${folder}/` } : reference));
}

/** Blanks template lines (keeping line numbers) so a skeleton's prompts are not taken for content. */
function blankPlaceholders(text: string): { cleaned: string; placeholderLines: number[] } {
  const lines = text.split('\n');
  const placeholderLines: number[] = [];
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced || line.length > 400 || /^\s*#/.test(line)) continue;
    if (PLACEHOLDER_LINE.test(line)) {
      placeholderLines.push(i + 1);
      lines[i] = '';
    }
  }
  return { cleaned: lines.join('\n'), placeholderLines };
}

function wordCount(text: string): number {
  let count = 0;
  for (const word of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(word)) count++;
  return count;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
