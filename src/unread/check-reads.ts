// What each built-in check reads, keyed by check id: the document formats it opens and the programming
// languages it searches, taken from the checks' own globs (the comment on each entry names where). The report's
// coverage compares this with the repository's files, so a document or code the check never opened is named
// with the reason instead of counting as "nothing found". A check absent here reads nothing worth naming
// (its artifacts have fixed names and formats: a manifest, .env files, CI configs, IaC).
import { looksLikeTest, READ_LANGUAGES as TEST_READ_LANGUAGES } from '../testing/test-conventions.js';

/** Document formats no check parses: binary office files, markup other than Markdown, and plain text (named documents only). */
export type DocumentFormat = 'PDF' | 'DOCX' | 'ODT' | 'RST' | 'AsciiDoc' | 'HTML' | 'RTF' | 'PPTX' | 'XLSX' | 'Org' | 'LaTeX' | 'R Markdown' | 'Quarto' | 'TXT';

export interface DocumentReads {
  /** The formats the check opens, in words for the reason ("Markdown"). */
  reads: readonly string[];
  /** Formats that could hold the check's artifact and that it does not open. */
  skips: readonly DocumentFormat[];
  /**
   * Words in a path that say a document may be this check's artifact (`docs/ops/Runbook.pdf`). Such a file
   * matters wherever it lives; any other document matters only in the documentation's places (root, docs/).
   * Null when every document matters alike (living-docs judges the documentation as a whole).
   */
  vocabulary: RegExp | null;
}

export interface CodeReads {
  /** Linguist language names the check searches. */
  languages: ReadonlySet<string>;
  /** What the check looks for in code, for the reason ("seeds and training code"). */
  lookingFor: string;
  /** Which code files could hold it (default: every file of the delivery's own code). */
  relevant?: (path: string) => boolean;
}

export interface CheckReads {
  documents?: DocumentReads;
  code?: CodeReads;
}

/** Prose formats: where a vendor's Word or PDF deliverables land. */
const PROSE: readonly DocumentFormat[] = ['PDF', 'DOCX', 'ODT', 'RST', 'AsciiDoc', 'HTML', 'RTF', 'PPTX', 'Org', 'LaTeX', 'R Markdown', 'Quarto', 'TXT'];
/** Prose plus spreadsheets, for artifacts that are tables (a risk register, acceptance thresholds). */
const PROSE_AND_TABLES: readonly DocumentFormat[] = [...PROSE, 'XLSX'];
const MARKDOWN = ['Markdown'];

const python = new Set(['Python']);
const notTest = (path: string) => !looksLikeTest(path);
/** Web front ends, documentation sites and tool configs (`frontend/`, `docs/js/`, `vite.config.ts`): they hold no training code. */
const NOT_MODEL_CODE = /(^|\/)(frontend|front-end|webapp|web-app|client|ui|static|public|assets|app\/javascript|docs?)\/|(^|\/)[^/]*\.config\.[cm]?[jt]s$/i;
/** Code that could train, save or seed a model: the delivery's own, outside tests and the web front end. */
const modelCode = (path: string) => notTest(path) && !NOT_MODEL_CODE.test(path);
/** `eval/`, `evaluate_model.rb`, `quality_gates/`: the places checks/evaluation-criteria.ts reads code (src/evaluation/locate.ts). */
const EVALUATION_CODE = /(^|\/|[-_.])(evals?|evaluat\w*|gates?|thresholds?|acceptance)([-_./]|$)/i;
/** Training entry points by name, as src/experiments/trackers.ts picks the code it reads: the word, then a separator or a capital (`TrainModel.cs`, not `MaintenanceController.cs`). */
const TRAINING_ENTRY = /(^|\/)([Tt]rain(ing)?|[Mm]ain|[Rr]un|[Ee]xperiment|[Ff]it|[Pp]ipeline)([-_.A-Z][^/]*)?$/;

export const CHECK_READS: Readonly<Record<string, CheckReads>> = {
  // checks/decision-records.ts: *.md/*.markdown in ADR folders (.adr-dir, log4brains adrFolder).
  'decision-records': {
    documents: { reads: MARKDOWN, skips: PROSE, vocabulary: /(^|[/_.\s-])(adrs?|decisions?|decision[-_ ]?records?|architecture[-_ ]?decisions?)([/_.\s-]|$)/i },
  },
  // checks/runbooks.ts: Markdown in runbook places and procedures under any name (Ansible YAML is named, not read).
  runbooks: {
    documents: { reads: MARKDOWN, skips: PROSE, vocabulary: /(^|[/_.\s-])(run[-_ ]?books?|playbooks?|operations?|ops|on[-_ ]?call|incidents?|rollbacks?|deploy(ment)?s?|disaster[-_ ]?recovery|sops?|procedures?)([/_.\s-]|$)/i },
  },
  // checks/model-card.ts: *.md/*.markdown cards and Hugging Face READMEs.
  'model-card': {
    documents: { reads: MARKDOWN, skips: PROSE, vocabulary: /(model|system|ai)[-_ ]?cards?|fact[-_ ]?sheets?|(^|[/_.\s-])model[-_ ]?(details|documentation|description)/i },
  },
  // checks/failure-modes.ts: Markdown documents and sections, FMEA tables in Markdown, Croissant JSON.
  'failure-modes': {
    documents: { reads: ['Markdown', 'Croissant JSON'], skips: PROSE_AND_TABLES, vocabulary: /failure[-_ ]?modes?|known[-_ ]?(issues|limitations|problems)|limitations|(^|[/_.\s-])risks?([/_.\s-]|$)|risk[-_ ]?register|fmea|caveats/i },
  },
  // src/evaluation/locate.ts: Markdown, YAML and JSON criteria; threshold constants in evaluation code.
  'evaluation-criteria': {
    documents: { reads: ['Markdown', 'YAML', 'JSON'], skips: PROSE_AND_TABLES, vocabulary: /acceptance|(^|[/_.\s-])evals?([/_.\s-]|$)|evaluation|success[-_ ]?criteria|quality[-_ ]?(bar|gates?)|go[-_ ]?no[-_ ]?go|thresholds?|test[-_ ]?plan/i },
    code: { languages: new Set(['Python', 'Ruby', 'TypeScript', 'JavaScript', 'Go', 'Kotlin', 'Java', 'Scala']), lookingFor: 'threshold constants in evaluation code', relevant: (path) => EVALUATION_CODE.test(path) },
  },
  // src/datasets/read-docs.ts: Markdown datasheets, data cards and data READMEs; descriptors in YAML/JSON.
  'dataset-versioning': {
    documents: { reads: ['Markdown', 'YAML', 'JSON'], skips: PROSE_AND_TABLES, vocabulary: /data[-_ ]?sheets?|data(set)?[-_ ]?cards?|data[-_ ]?dictionar(y|ies)|(^|[/_.\s-])datasets?([/_.\s-]|$)/i },
  },
  // checks/monitoring.ts: Markdown monitoring docs and runbooks; alert rules and schedules in YAML/JSON.
  monitoring: {
    documents: { reads: ['Markdown', 'YAML', 'JSON'], skips: PROSE, vocabulary: /monitor(ing)?|alert(s|ing)?|observab|drift|dashboards?|retrain/i },
  },
  // src/ownership/contact-sources.ts, guide.ts, readme.ts: README, contacts, handover guides in Markdown, RST, text.
  ownership: {
    documents: { reads: ['Markdown', 'RST', 'plain text'], skips: ['PDF', 'DOCX', 'ODT', 'AsciiDoc', 'HTML', 'RTF', 'PPTX', 'Org', 'LaTeX', 'R Markdown', 'Quarto'], vocabulary: /maintainers?|owners?|contacts?|handover|hand[-_ ]?off|onboarding|escalation|support|(^|[/_.\s-])team([/_.\s-]|$)/i },
  },
  // src/ownership/doc-inventory.ts: the documentation in Markdown, RST, AsciiDoc and text.
  'living-docs': {
    documents: { reads: ['Markdown', 'RST', 'AsciiDoc', 'plain text'], skips: ['PDF', 'DOCX', 'ODT', 'HTML', 'RTF', 'PPTX', 'Org', 'LaTeX', 'R Markdown', 'Quarto'], vocabulary: null },
  },
  // src/data-protection/handling-document.ts: the data-handling statement in Markdown.
  'data-protection': {
    documents: { reads: MARKDOWN, skips: PROSE, vocabulary: /privacy|data[-_ ]?(protection|handling|retention|deletion|processing)|gdpr|dpia|personal[-_ ]?data|retention/i },
  },
  // src/licensing/collect.ts: LICENSE, NOTICE and provenance documents as text, Markdown or RST.
  licensing: {
    documents: { reads: ['Markdown', 'RST', 'plain text'], skips: ['PDF', 'DOCX', 'ODT', 'HTML', 'RTF'], vocabulary: /licen[cs]e|(^|[/_.\s-])(notice|copying|eula)([/_.\s-]|$)|third[-_ ]?party|attributions?|provenance/i },
  },
  // src/reproducibility/python-sources.ts: seeds and training code in *.py and notebooks.
  reproducibility: { code: { languages: python, lookingFor: 'seeds and training code', relevant: modelCode } },
  // src/models/collect.ts: code that fits or saves a model, in *.py and notebooks.
  'model-artifacts': { code: { languages: python, lookingFor: 'code that trains or saves a model', relevant: modelCode } },
  // src/experiments/trackers.ts: tracker calls (ClearML Task.init) in Python training entry points.
  'experiment-tracking': { code: { languages: python, lookingFor: 'tracker calls in training entry points', relevant: (path) => TRAINING_ENTRY.test(path) && modelCode(path) } },
  // src/llm/string-literals.ts: prompts written inline in Python, JS/TS, Ruby, C#, Go, Java, Kotlin, Scala, Swift, Rust, PHP and notebooks.
  'llm-system': { code: { languages: new Set(['Python', 'TypeScript', 'TSX', 'JavaScript', 'Ruby', 'C#', 'Go', 'Java', 'Kotlin', 'Scala', 'Swift', 'Rust', 'PHP', 'Jupyter Notebook']), lookingFor: 'inline prompts and model calls', relevant: notTest } },
  // src/testing/test-conventions.ts: the ecosystems whose tests the check reads.
  tests: { code: { languages: TEST_READ_LANGUAGES, lookingFor: 'test cases', relevant: looksLikeTest } },
};
