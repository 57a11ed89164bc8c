// Which files each check could not read: documents in formats it does not open (a PDF runbook, a Word ADR,
// Sphinx RST) and code in languages it does not search (Go training code under a Python-only seed scan).
// Pure: the listing and the declarations in, one entry per check and format or language out, so the report
// says what was not read instead of scoring it as absent. One pass over the listing, extensions first.
import { programmingLanguageOf } from '../testing/languages.js';
import { NOT_TEST_CODE } from '../testing/test-conventions.js';
import type { CheckReads, DocumentFormat } from './check-reads.js';

export interface UnreadEntry {
  check: string;
  kind: 'document-format' | 'language';
  /** The format (`PDF`) or the language, by GitHub Linguist's name (`Go`). */
  what: string;
  files: number;
  /** Up to three paths, those named like the check's artifacts first. */
  examples: string[];
  /** Documents among `files` named like the check's artifacts (`Runbook.pdf`) or a catch-all deliverable (`Handover.pdf`). */
  named?: number;
  reason: string;
}

const MAX_EXAMPLES = 3;

const FORMAT_BY_EXTENSION: ReadonlyMap<string, DocumentFormat> = new Map([
  ['.pdf', 'PDF'],
  ['.docx', 'DOCX'],
  ['.doc', 'DOCX'],
  ['.odt', 'ODT'],
  ['.rst', 'RST'],
  ['.adoc', 'AsciiDoc'],
  ['.asciidoc', 'AsciiDoc'],
  ['.html', 'HTML'],
  ['.htm', 'HTML'],
  ['.rtf', 'RTF'],
  ['.pptx', 'PPTX'],
  ['.ppt', 'PPTX'],
  ['.xlsx', 'XLSX'],
  ['.xls', 'XLSX'],
  ['.org', 'Org'],
  ['.tex', 'LaTeX'],
  ['.rmd', 'R Markdown'],
  ['.qmd', 'Quarto'],
  ['.txt', 'TXT'],
]);
/** Plain text is mostly not documentation (requirements.txt, data, logs): it counts only when its name says it is. */
const NAMED_ONLY: ReadonlySet<DocumentFormat> = new Set(['TXT']);
/** Text files that are build inputs, whatever words their names hold (`deploy-requirements.txt`). */
const NOT_PROSE_TEXT = /(^|\/)((?=[^/]*(?:requirements|constraints))[^/]*|robots|CMakeLists)\.txt$/i;
/**
 * Names of a vendor's catch-all deliverable (`Handover.pdf`, `Technical_Documentation.docx`): such a document may
 * hold any check's artifact, so it counts as named for every check that has a vocabulary.
 */
const GENERAL_DELIVERABLE =
  /(^|[/_.\s-])(hand[-_ ]?over|hand[-_ ]?off|deliverables?|documentation|technical[-_ ]?(spec|specification|design|report)|system[-_ ]?design|design[-_ ]?doc(ument)?|final[-_ ]?report|project[-_ ]?report)([/_.\s-]|$)/i;

/** Not the delivery's own work: dependencies, environments, build and generated output (Sphinx _build, htmlcov). */
const NOT_OWN =
  /(^|\/)(node_modules|bower_components|vendor|third[-_]party|dist|build|_build|out|target|site|\.venv|venv|site-packages|__pypackages__|\.tox|\.nox|\.git|\.next|\.nuxt|coverage|htmlcov|\.ipynb_checkpoints|__pycache__|mlruns|wandb|\.cache|\.yarn)\//i;
/** HTML there is page templates and assets, not documents. */
const NOT_A_DOCUMENT = /(^|\/)(_?templates?|_?static|public|assets|www|layouts?|partials|overrides|themes?)\//i;
/** Where a delivery's documentation lives (at any depth in a monorepo): any document there could be any document check's artifact. */
const DOCUMENTATION_PLACE = /(^|\/)(docs?|documentation|wiki)\/|^(handover|deliverables?)\//i;
/** Build and shell glue, infrastructure, page templates and database scripts: code that holds no seeds, prompts or training. */
const GLUE = new Set([...NOT_TEST_CODE, 'PowerShell', 'Bicep', 'Mako', 'Smarty']);
/** CI, deployment and infrastructure folders: their scripts (Jenkins Groovy, CDK) are not the system's code. */
const INFRASTRUCTURE_CODE = /(^|\/)(\.github|\.gitlab|\.circleci|\.buildkite|\.devcontainer|jenkins|infra|infrastructure|deploy|deployment|terraform|k8s|kubernetes|helm|charts)\//i;

/**
 * The unread entries for the checks given (those with no declaration read nothing to name), in the order of
 * `checks`, then documents before code, most files first.
 */
export function unreadCoverage(paths: readonly string[], checks: ReadonlyArray<{ id: string; reads: CheckReads }>): UnreadEntry[] {
  const documentChecks = checks.filter((check) => check.reads.documents);
  const codeChecks = checks.filter((check) => check.reads.code);
  // check id -> format or language -> counts and the first few paths, named ones apart to be shown first
  // (a tree of 100k PDFs must not be copied into the report's working set).
  const found = new Map<string, Map<string, { kind: UnreadEntry['kind']; named: number; other: number; namedExamples: string[]; otherExamples: string[] }>>();
  const note = (check: string, kind: UnreadEntry['kind'], what: string, path: string, named: boolean) => {
    let byWhat = found.get(check);
    if (!byWhat) found.set(check, (byWhat = new Map()));
    let bucket = byWhat.get(what);
    if (!bucket) byWhat.set(what, (bucket = { kind, named: 0, other: 0, namedExamples: [], otherExamples: [] }));
    if (named) {
      if (bucket.named++ < MAX_EXAMPLES) bucket.namedExamples.push(path);
    } else if (bucket.other++ < MAX_EXAMPLES) bucket.otherExamples.push(path);
  };

  // By extension alone, asked once per extension: a 200k-file listing holds a few dozen.
  const languageByExtension = new Map<string, string | null>();
  const notSearchingBy = new Map<string, typeof codeChecks>();
  for (const path of paths) {
    const slash = path.lastIndexOf('/');
    const dot = path.lastIndexOf('.');
    if (dot <= slash + 1) continue; // no extension (Makefile, Gemfile): named files are not documents, nor code searched by extension
    const extension = path.slice(dot).toLowerCase();
    const format = FORMAT_BY_EXTENSION.get(extension);
    if (format) {
      if (documentChecks.length === 0 || NOT_OWN.test(path) || (format === 'HTML' && NOT_A_DOCUMENT.test(path)) || (format === 'TXT' && NOT_PROSE_TEXT.test(path))) continue;
      const namedOnly = NAMED_ONLY.has(format);
      // A plain-text file speaks by its own name (`runbook.txt`), never by its folder (`datasets/x/labels.txt`).
      const name = namedOnly ? path.slice(slash + 1) : path;
      const inDocs = !namedOnly && (slash === -1 || DOCUMENTATION_PLACE.test(path));
      const general = GENERAL_DELIVERABLE.test(name);
      for (const { id, reads } of documentChecks) {
        const documents = reads.documents!;
        if (!documents.skips.includes(format)) continue;
        const named = documents.vocabulary ? general || documents.vocabulary.test(name) : false;
        if (named || inDocs) note(id, 'document-format', format, path, named);
      }
      continue;
    }
    if (codeChecks.length === 0) continue;
    let language = languageByExtension.get(extension);
    if (language === undefined) languageByExtension.set(extension, (language = programmingLanguageOf(`file${extension}`)));
    if (!language) continue;
    // Most files are in a language every check searches (Python in an ML repository): decided once per language.
    let notSearching = notSearchingBy.get(language);
    if (!notSearching) notSearchingBy.set(language, (notSearching = GLUE.has(language) ? [] : codeChecks.filter((check) => !check.reads.code!.languages.has(language))));
    if (notSearching.length === 0 || NOT_OWN.test(path) || INFRASTRUCTURE_CODE.test(path)) continue;
    for (const { id, reads } of notSearching) if (reads.code!.relevant?.(path) ?? true) note(id, 'language', language, path, false);
  }

  const entries: UnreadEntry[] = [];
  for (const { id, reads } of checks) {
    const byWhat = found.get(id);
    if (!byWhat) continue;
    const ofCheck = [...byWhat].map(([what, bucket]): UnreadEntry => {
      const files = bucket.named + bucket.other;
      const examples = [...bucket.namedExamples, ...bucket.otherExamples].slice(0, MAX_EXAMPLES);
      if (bucket.kind === 'document-format') {
        const reason = `the check reads ${listed(reads.documents!.reads)} only`;
        return { check: id, kind: bucket.kind, what, files, examples, ...(reads.documents!.vocabulary ? { named: bucket.named } : {}), reason };
      }
      const code = reads.code!;
      return { check: id, kind: bucket.kind, what, files, examples, reason: `the check looks for ${code.lookingFor} in ${listed([...code.languages])} only` };
    });
    ofCheck.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'document-format' ? -1 : 1) || b.files - a.files || (a.what < b.what ? -1 : a.what > b.what ? 1 : 0));
    entries.push(...ofCheck);
  }
  return entries;
}

/** `Markdown`, `Markdown and RST`, `Markdown, YAML and JSON`. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
