// living-docs: was the documentation written alongside the work and kept true, or compiled at the end?
// Judged against git history (docs older than the code they describe, docs first committed only at the
// end) and against the tree (links and referenced paths and commands that exist, a dated changelog).
import { defineCheck, findingFrom, unit, type Evidence, type Finding } from '../src/check.js';
import { CHANGELOG_LOCATIONS, changelogEntries } from '../src/formats/changelog.js';
import { parseMarkdown, type MarkdownDocument } from '../src/formats/markdown.js';
import type { CommitInfo, PathDates } from '../src/git/history.js';
import { judgeFreshness, judgeSpread, LATE_FRACTION, MIN_SPAN_DAYS, spreadValue, STALE_DAYS, type DocDates } from '../src/ownership/doc-history.js';
import { documentationFiles, type DocFile, type DocKind } from '../src/ownership/doc-inventory.js';
import { docReferences, type DocReference } from '../src/ownership/doc-references.js';
import { linkTarget } from '../src/ownership/links.js';
import { ReferenceResolver } from '../src/ownership/reference-resolver.js';
import { areaOf } from '../src/ownership/repository-areas.js';
import { rstHeadingsToMarkdown, wordCount } from '../src/ownership/sections.js';
import { readMarkdown } from '../src/snapshot/parsed-reads.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';

const MAX_READ_DOCS = 300;
/** Characters of documentation read at most (the documents a newcomer reads first come first). */
const MAX_READ_BYTES = 32 * 1024 * 1024;
const MAX_LISTED = 25;
/** Words of documentation at which "there is documentation to judge" is fully true; a few stubs earn little. */
const SUBSTANTIAL_WORDS = 300;
/**
 * Credit for a history criterion the delivered history cannot show (one squashed commit, docs not committed,
 * nothing to compare): nothing shown earns nothing. Without any git history the criteria leave the weight.
 */
const UNVERIFIED = 0;
/** Runbooks' links and commands are the runbooks check's findings; ADRs and changelogs are records of the past. */
const LINKS_JUDGED_ELSEWHERE: ReadonlySet<DocKind> = new Set(['runbook']);
const REFERENCES_NOT_JUDGED: ReadonlySet<DocKind> = new Set(['runbook', 'adr', 'changelog']);

const check = defineCheck({
  id: 'living-docs',
  title: 'Living documentation',
  rationale:
    'Documentation compiled in the last week of an engagement describes what the vendor remembers, not what was built, and documentation that points at files and commands that no longer exist misleads the team that inherits it. Docs written alongside the code, and kept true, are the ones worth handing over.',
  defaultWeight: 2,
  role: 'safeguard',
  criteria: [
    {
      id: 'fresh',
      title: 'Docs are not older than the code they describe',
      weight: 3,
      description: `From git history: share of documents (ADRs excepted) last changed no more than ${STALE_DAYS} days before the newest change of the code they reference (or of all code). Without git history this cannot be verified and leaves the weight; no document to compare with code scores ${UNVERIFIED}; a shallow clone is scaled by 0.75.`,
    },
    {
      id: 'spread',
      title: 'Docs were written across the engagement',
      weight: 3,
      description: `From git history: share of documents first committed before the last ${Math.round((1 - LATE_FRACTION) * 100)}% of the history (0.6) and the number of tenths of the history in which documents were added or changed, four or more for full marks (0.4). Without git history this leaves the weight; so does one squashed commit or less than ${MIN_SPAN_DAYS} days of history; docs not in the history score ${UNVERIFIED}.`,
    },
    { id: 'links', title: 'Relative links resolve', weight: 2, description: 'Share of relative links in READMEs and docs that point at files or folders that exist (URLs are never fetched). Docs without a single internal link earn nothing.' },
    {
      id: 'references',
      title: 'Paths and commands in docs exist',
      weight: 2,
      description: 'Share of scripts, paths, `python -m` modules, Make targets and DVC stages named in READMEs, guides, model cards and docs that exist in the tree; docs that name the code only through links are judged on those links. Docs that name nothing earn nothing.',
    },
    { id: 'changelog', title: 'A changelog with dated, versioned entries', weight: 1, description: 'CHANGELOG/CHANGES/HISTORY with three or more released entries with content (0.4), dated (0.4) and versioned (0.2).' },
  ],
  findings: {
    'unreadable-doc': { severity: 'warning', title: 'Document cannot be read', remediation: 'Commit documentation as UTF-8 text (Markdown); binary or oversized files are not documentation anyone can read or review.' },
    'history-unavailable': { severity: 'info', title: 'Git history not available', criterion: 'fresh', remediation: 'Scan the git repository itself (not an export or a zip) so the dates of documentation and code can be compared.' },
    'history-shallow': { severity: 'info', title: 'Shallow clone: early history unknown', criterion: 'spread', remediation: 'Scan a full clone (`git fetch --unshallow`): with the early history missing, every document looks recent.' },
    'history-too-short': { severity: 'warning', title: 'History too short to show how docs grew', criterion: 'spread', remediation: 'Deliver the repository with its real history, not one squashed commit: the history is the evidence that documentation was written alongside the work.' },
    'history-error': { severity: 'info', title: 'Git history could not be read', criterion: 'fresh', remediation: 'Check that the repository is not corrupt (`git fsck`) and scan it again.' },
    'stale-doc': { severity: 'warning', title: 'Document older than the code it references', criterion: 'fresh', remediation: 'Review the document against the current code and update it (or record in it that it was reviewed): a document the code has moved away from misleads the next reader.' },
    'older-than-code': { severity: 'info', title: 'Document naming no code is older than the newest code change', criterion: 'fresh', remediation: 'Check the document is still true of the current system, and link it to the code it describes (paths in inline code, relative links) so its freshness can be judged against that code.' },
    'all-docs-stale': { severity: 'error', title: 'Every document is older than the code', criterion: 'fresh', remediation: 'The code kept changing after the documentation stopped: review every document against the code before handover and keep them in the same pull requests from now on.' },
    'docs-written-at-end': { severity: 'error', title: 'Documentation appeared only at the end', criterion: 'spread', remediation: 'Documentation compiled at the end misses the context of decisions made months earlier. Walk the history with the team to recover the reasoning (dated ADRs), and write docs in the same pull requests as the code from now on.' },
    'docs-late': { severity: 'warning', title: 'Most documentation appeared at the end', criterion: 'spread', remediation: 'Write documentation alongside the work: record decisions when they are made and update runbooks and the model card with each change.' },
    'docs-clustered': { severity: 'info', title: 'Documentation changed in few periods', criterion: 'spread', remediation: 'Touch documentation when the system changes, not in one or two bursts.' },
    'broken-link': { severity: 'warning', title: 'Relative link points at nothing', criterion: 'links', remediation: 'Point the link at the file that exists (paths are relative to the linking file, or to the repository root with a leading /), or restore the missing file.' },
    'link-outside-repo': { severity: 'warning', title: 'Link climbs out of the repository', criterion: 'links', remediation: 'Link only to files inside the repository, or use a full URL for external documents.' },
    'no-internal-links': { severity: 'info', title: 'Docs never link to each other or to the code', criterion: 'links', remediation: 'Link the README to the guides, runbooks, ADRs and model card, and docs to the code they describe, so readers (and this check) can follow them.' },
    'missing-reference': { severity: 'warning', title: 'Doc names a path or command that does not exist', criterion: 'references', remediation: 'Update the document to the path, module, Make target or DVC stage that exists, or restore what it names.' },
    'no-references': { severity: 'info', title: 'Docs name no paths or commands', criterion: 'references', remediation: 'Say how to run things and where they are: commands in shell blocks (`make train`, `python -m pkg.train`) and paths in inline code (`src/pkg/train.py`).' },
    'no-changelog': { severity: 'warning', title: 'No changelog', criterion: 'changelog', remediation: 'Keep CHANGELOG.md (Keep a Changelog format: `## [1.2.0] - 2025-06-20` with Added/Changed/Fixed lists), one entry per release or model version.' },
    'changelog-empty': { severity: 'warning', title: 'Changelog without entries', criterion: 'changelog', remediation: 'Add an entry per release or model version with what changed, headed by the version and the date.' },
    'changelog-undated': { severity: 'warning', title: 'Changelog entry without a date or version', criterion: 'changelog', remediation: 'Head each entry with its version and ISO date: `## [1.2.0] - 2025-06-20`.' },
    'changelog-bad-date': { severity: 'warning', title: 'Changelog date is not a calendar date', criterion: 'changelog', remediation: 'Use ISO dates (YYYY-MM-DD) that exist.' },
    'changelog-order': { severity: 'info', title: 'Changelog entries out of order', criterion: 'changelog', remediation: 'List entries newest first, in date order.' },
  },
  scale: {
    high: 'Documents committed throughout the engagement and updated with the code, every relative link and referenced path or command resolving, and a changelog with dated, versioned entries.',
    low: 'Documentation dumped in the last commit that points at files that do not exist. With no document at all the check is skipped: a safeguard takes nothing off for documents that are absent.',
  },
  locationsUnused: 'it judges every document it recognises anywhere in the tree (READMEs, guides, docs/, ADRs, runbooks, changelogs).',
  recognises: [
    'documentation: READMEs, handover/onboarding/contributing guides, ARCHITECTURE/DESIGN docs, ADR folders, runbooks, model cards, evaluation and failure-mode docs, datasheets, changelogs and everything under docs/',
    `git history (first and last change of every path): docs last changed more than ${STALE_DAYS} days before the code they reference; docs first committed in the last ${Math.round((1 - LATE_FRACTION) * 100)}% of the history`,
    'relative Markdown links (resolved like GitHub: against the file, or the root for a leading /; never fetched)',
    'commands in shell blocks and inline code (scripts, `python -m` modules, Make targets, `dvc repro` stages) and bare paths in inline code; runbooks are left to the runbooks check',
    'CHANGELOG / CHANGES / HISTORY / NEWS / RELEASE_NOTES (Keep a Changelog, towncrier, hand-written): version and date headings',
  ],
  async run(snapshot) {
    const evidence: Evidence[] = [];
    const findings: Finding[] = [];
    const docs = documentationFiles(snapshot.files).filter((doc) => !snapshot.isSymlink(doc.path));
    // A safeguard with no document to keep current takes nothing off: the missing documents are the artifact
    // checks' findings (ownership, decision-records, runbooks, model-card).
    if (docs.length === 0) return { status: 'skip', reason: NO_DOCUMENTS };

    const read = await readDocs(snapshot, docs, findings);
    const words = read.reduce((sum, doc) => sum + doc.words, 0);
    const substance = Math.min(1, words / SUBSTANTIAL_WORDS);
    const counts = new Map<DocKind, number>();
    for (const doc of docs) counts.set(doc.kind, (counts.get(doc.kind) ?? 0) + 1);
    evidence.push({
      path: '.',
      kind: 'documentation',
      note: `${docs.length} document(s) (${[...counts].map(([kind, n]) => `${n} ${kind}`).join(', ')}); ${words} words in the ${read.length} read`,
    });

    const links = judgeLinks(snapshot, read, findings);
    const resolver = new ReferenceResolver(snapshot);
    const references = await judgeReferences(resolver, read, findings);
    const history = await judgeHistory(snapshot, docs, references.describes, evidence, findings);
    const changelog = await judgeChangelog(snapshot, evidence, findings);
    for (const doc of read.slice(0, 40)) {
      evidence.push({ path: doc.path, kind: 'doc', note: `${doc.kind}, ${doc.words} words, ${doc.links} relative link(s), ${references.perDoc.get(doc.path) ?? 0} path/command reference(s)` });
    }

    const criteria = {
      fresh: unit(history.fresh * substance),
      spread: unit(history.spread * substance),
      links: unit((links.total === 0 ? 0 : links.resolved / links.total) * substance),
      // A document that names the code only through links (`[mingpt/model.py](mingpt/model.py)`) still names it:
      // with no path or command in its text, the links are its references.
      references: unit((references.total > 0 ? references.resolved / references.total : links.total > 0 ? links.resolved / links.total : 0) * substance),
      changelog: unit(changelog),
    };
    if (links.total === 0) findings.push(findingFrom(check, 'no-internal-links', `None of the ${read.length} document(s) read links to another file in the repository.`));
    if (references.total === 0 && links.total === 0) findings.push(findingFrom(check, 'no-references', `None of the ${read.length} document(s) read names a path, script, module, Make target or DVC stage of the repository.`));
    return {
      status: 'judged',
      criteria,
      evidence,
      findings,
      ...(history.unsupported ? { unsupported: (['fresh', 'spread'] as const).map((criterion) => ({ criterion, reason: history.unsupported! })) } : {}),
      ...(history.notApplicable ? { notApplicable: (['fresh', 'spread'] as const).map((criterion) => ({ criterion, reason: history.notApplicable! })) } : {}),
      summary: `${docs.length} document(s); ${history.summary}; ${links.resolved}/${links.total} relative link(s) and ${references.resolved}/${references.total} referenced path(s)/command(s) resolve; ${changelog >= 0.9 ? 'a dated changelog' : changelog > 0 ? 'a partial changelog' : 'no changelog'}.`,
    };
  },
});

export default check;

const NO_DOCUMENTS =
  'No documentation to keep current: no README, docs/ folder, guides, ADRs, runbooks, model card or changelog. Write them as the work happens, committed alongside the code they describe; their absence is judged by ownership, decision-records, runbooks and model-card.';

interface ReadDoc extends DocFile {
  /** Only what the judgements below ask: a whole parsed document per file held up to 32 MiB of docs in memory. */
  document: Pick<MarkdownDocument, 'links' | 'code'>;
  /** Lines of prose that give an example or say what to create (`e.g. notebooks/x.py`): paths there need not exist. */
  exampleLines: ReadonlySet<number>;
  words: number;
  links: number;
}

async function readDocs(snapshot: Snapshot, docs: readonly DocFile[], findings: Finding[]): Promise<ReadDoc[]> {
  const out: ReadDoc[] = [];
  let unreadable = 0;
  let budget = MAX_READ_BYTES;
  for (const doc of docs.slice(0, MAX_READ_DOCS)) {
    if (budget <= 0) break;
    const text = await snapshot.readText(doc.path);
    if (!text.ok) {
      if (++unreadable <= MAX_LISTED) findings.push(findingFrom(check, 'unreadable-doc', `${doc.path} could not be read as text (${text.reason}).`, { path: doc.path }));
      continue;
    }
    budget -= text.text.length;
    const document = /\.rst$/i.test(doc.path) ? parseMarkdown(rstHeadingsToMarkdown(text.text)) : await readMarkdown(snapshot, doc.path);
    if (!document) continue;
    const links = document.links.filter((link) => linkTarget(doc.path, link.url).kind !== 'external').length;
    out.push({ ...doc, document: { links: document.links, code: document.code }, exampleLines: exampleLines(document), words: wordCount(document.text), links });
  }
  return out;
}

/** A sentence that names a path as an example or as something to create, not as something that is there. */
const EXAMPLE_PROSE = /\b(e\.g\.|for example|for instance|such as|create (?:a |an |the )?(?:new )?|will (?:be )?(?:create|write|generate)|is (?:created|written|generated))/i;

function exampleLines(document: Pick<MarkdownDocument, 'paragraphs'>): Set<number> {
  const lines = new Set<number>();
  for (const paragraph of document.paragraphs) {
    if (!EXAMPLE_PROSE.test(paragraph.text)) continue;
    const count = Math.min(200, paragraph.text.split('\n').length);
    for (let i = 0; i < count; i++) lines.add(paragraph.line + i);
  }
  return lines;
}

function judgeLinks(snapshot: Snapshot, docs: readonly ReadDoc[], findings: Finding[]): { resolved: number; total: number } {
  let resolved = 0;
  let total = 0;
  let listed = 0;
  for (const doc of docs) {
    if (LINKS_JUDGED_ELSEWHERE.has(doc.kind)) continue;
    const seen = new Set<string>();
    for (const link of doc.document.links) {
      const target = linkTarget(doc.path, link.url);
      if (target.kind === 'external') continue;
      const key = target.kind === 'path' ? target.path : `..${target.target}`;
      if (seen.has(key)) continue;
      seen.add(key);
      total++;
      if (target.kind === 'path' && (target.path === '' || snapshot.has(target.path) || snapshot.under(target.path).length > 0)) {
        resolved++;
        continue;
      }
      if (++listed > MAX_LISTED) continue;
      if (target.kind === 'outside') findings.push(findingFrom(check, 'link-outside-repo', `Link to ${link.url} leaves the repository.`, { path: doc.path, line: link.line }));
      else findings.push(findingFrom(check, 'broken-link', `Link "${link.text.slice(0, 60)}" points at ${target.path}, which does not exist.`, { path: doc.path, line: link.line }));
    }
  }
  if (listed > MAX_LISTED) findings.push(findingFrom(check, 'broken-link', `${listed - MAX_LISTED} more broken link(s) not listed.`));
  return { resolved, total };
}

async function judgeReferences(
  resolver: ReferenceResolver,
  docs: readonly ReadDoc[],
  findings: Finding[],
): Promise<{ resolved: number; total: number; describes: Map<string, string[]>; perDoc: Map<string, number> }> {
  let resolved = 0;
  let total = 0;
  let listed = 0;
  const describes = new Map<string, string[]>();
  const perDoc = new Map<string, number>();
  for (const doc of docs) {
    const judged = !REFERENCES_NOT_JUDGED.has(doc.kind);
    const seen = new Set<string>();
    const files: string[] = [];
    for (const reference of docReferences(doc.document)) {
      const key = `${reference.kind}\0${reference.target}\0${reference.definedIn ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (reference.bare && doc.exampleLines.has(reference.line)) continue;
      const outcome = await resolver.resolve(reference, doc.path);
      if (outcome.status === 'not-a-reference') continue;
      // After `git clone …` and `cd` into it, a path this repository lacks may be the clone's.
      if (outcome.status === 'missing' && reference.afterClone) continue;
      if (outcome.status === 'ok' && outcome.file) files.push(outcome.file);
      if (!judged) continue;
      total++;
      perDoc.set(doc.path, (perDoc.get(doc.path) ?? 0) + 1);
      if (outcome.status === 'ok') resolved++;
      else if (++listed <= MAX_LISTED) findings.push(findingFrom(check, 'missing-reference', `${describeReference(reference)}: ${outcome.detail}.`, { path: doc.path, line: reference.line }));
    }
    describes.set(doc.path, files);
  }
  if (listed > MAX_LISTED) findings.push(findingFrom(check, 'missing-reference', `${listed - MAX_LISTED} more missing reference(s) not listed.`));
  return { resolved, total, describes, perDoc };
}

function describeReference(reference: DocReference): string {
  const shown = reference.command.length > 100 ? `${reference.command.slice(0, 97)}…` : reference.command;
  return reference.bare ? `\`${shown}\`` : `\`${shown}\` (${reference.kind.replace('-', ' ')} ${reference.target ?? ''})`.replace(' )', ')');
}

// ---- history ---------------------------------------------------------------------------------------------

async function judgeHistory(
  snapshot: Snapshot,
  docs: readonly DocFile[],
  describes: ReadonlyMap<string, string[]>,
  evidence: Evidence[],
  findings: Finding[],
): Promise<{ fresh: number; spread: number; summary: string; /** Set when this target cannot give history at all. */ unsupported?: string; /** Set when the repository's history is too short to tell. */ notApplicable?: string }> {
  const git = snapshot.git;
  if (!git) {
    const why = snapshot.target.kind === 'github' ? 'a GitHub API scan reads the files of one commit, not the git history' : 'the target has no git history (a plain folder or an export)';
    findings.push(findingFrom(check, 'history-unavailable', `No git history: ${why}. Whether docs kept up with the code, and were written along the way, cannot be verified.`));
    evidence.push({ path: '.', kind: 'git-history', note: 'not available: freshness and spread unverified' });
    return { fresh: UNVERIFIED, spread: UNVERIFIED, summary: 'no git history', unsupported: `git history not read: ${why}` };
  }
  let commits: readonly CommitInfo[];
  let pathDates: ReadonlyMap<string, PathDates>;
  let shallow: boolean;
  try {
    [commits, pathDates, shallow] = await Promise.all([git.commits(), git.pathDates(), git.shallow()]);
  } catch (error) {
    const message = String((error as Error)?.message ?? error).split('\n')[0].slice(0, 200);
    findings.push(findingFrom(check, 'history-error', `Git history could not be read: ${message}.`));
    return { fresh: UNVERIFIED, spread: UNVERIFIED, summary: 'git history unreadable' };
  }

  const dated: Array<DocDates & { kind: DocKind }> = [];
  for (const doc of docs) {
    const dates = pathDates.get(doc.path);
    if (dates) dated.push({ path: doc.path, kind: doc.kind, dates, describes: codeFiles(describes.get(doc.path) ?? [], snapshot) });
  }
  const code = new Map<string, PathDates>();
  for (const path of snapshot.files) {
    const area = areaOf(path);
    const dates = (area === 'code' || area === 'pipeline') && pathDates.get(path);
    if (dates) code.set(path, dates);
  }
  if (dated.length === 0) {
    findings.push(findingFrom(check, 'history-unavailable', `None of the ${docs.length} document(s) is committed in the history of ${git.revision}.`));
    return { fresh: UNVERIFIED, spread: UNVERIFIED, summary: 'documentation not committed' };
  }
  const spread = judgeSpread(dated, commits)!;
  evidence.push({
    path: '.git',
    kind: 'git-history',
    note: `${spread.commits} commit(s) from ${spread.start} to ${spread.end} (${spread.spanDays} days); ${dated.length} document(s) committed, first on ${spread.firstDoc}; ${spread.late.length} first committed after ${spread.cutoff}; changes in ${spread.deciles} of 10 tenths${shallow ? '; shallow clone' : ''}${dated.length < docs.length ? `; ${docs.length - dated.length} document(s) not committed` : ''}`,
  });
  if (spread.tooShort) {
    findings.push(
      findingFrom(check, 'history-too-short', `The history has ${spread.commits} commit(s) over ${spread.spanDays} day(s) (${spread.start} to ${spread.end}): too little to show that documentation was written along the way.`),
    );
    // A squashed export shows no more than a plain folder: the two criteria leave the weight, as without history.
    return { fresh: UNVERIFIED, spread: UNVERIFIED, summary: `${spread.commits} commit(s) over ${spread.spanDays} day(s)`, notApplicable: `git history too short to tell: ${spread.commits} commit(s) over ${spread.spanDays} day(s)` };
  }

  const freshness = judgeFreshness(
    dated.filter((doc) => doc.kind !== 'adr'),
    code,
  );
  // A document is judged against the code it names; one naming none only against the newest code change,
  // which it may not describe: said as such, and an info note rather than a warning.
  const staleByReference = freshness.stale.filter((stale) => stale.basis === 'references');
  const olderThanNewest = freshness.stale.filter((stale) => stale.basis === 'newest-code');
  for (const stale of staleByReference.slice(0, MAX_LISTED)) {
    findings.push(
      findingFrom(check, 'stale-doc', `${stale.path} last changed on ${stale.docLast.slice(0, 10)}; ${stale.codePath}, which it references, changed on ${stale.codeLast.slice(0, 10)} (${stale.lagDays} days later).`, { path: stale.path }),
    );
  }
  for (const stale of olderThanNewest.slice(0, MAX_LISTED)) {
    findings.push(
      findingFrom(
        check,
        'older-than-code',
        `${stale.path} names no code file; compared with the newest code change, it last changed on ${stale.docLast.slice(0, 10)}, ${stale.lagDays} days before ${stale.codePath} (${stale.codeLast.slice(0, 10)}).`,
        { path: stale.path },
      ),
    );
  }
  if (freshness.judged > 1 && freshness.stale.length === freshness.judged) {
    const basis = olderThanNewest.length === 0 ? 'the code they reference' : staleByReference.length === 0 ? 'the newest code change (none of them names a code file)' : `the code they reference (${staleByReference.length}) or, naming none, the newest code change (${olderThanNewest.length})`;
    findings.push(findingFrom(check, 'all-docs-stale', `All ${freshness.judged} document(s) compared are more than ${STALE_DAYS} days older than ${basis}.`));
  }
  let fresh = freshness.judged === 0 ? UNVERIFIED : 1 - freshness.stale.length / freshness.judged;

  if (spread.late.length === dated.length) {
    findings.push(
      findingFrom(
        check,
        'docs-written-at-end',
        `All ${dated.length} document(s) were first committed between ${spread.late.map((doc) => doc.first.slice(0, 10)).sort()[0]} and ${spread.lastDoc}, in the last ${Math.round((1 - LATE_FRACTION) * 100)}% of a history running from ${spread.start} to ${spread.end}.`,
      ),
    );
  } else if (spread.earlyShare < 0.5) {
    findings.push(findingFrom(check, 'docs-late', `${spread.late.length} of ${dated.length} document(s) were first committed after ${spread.cutoff}, in the last ${Math.round((1 - LATE_FRACTION) * 100)}% of a history running from ${spread.start} to ${spread.end}: ${spread.late.slice(0, 5).map((doc) => doc.path).join(', ')}${spread.late.length > 5 ? ', …' : ''}.`));
  }
  if (spread.deciles <= 2 && spread.late.length < dated.length) findings.push(findingFrom(check, 'docs-clustered', `Documents were added or changed in only ${spread.deciles} of the 10 periods of the history.`));
  let spreadScore = spreadValue(spread);
  if (shallow) {
    findings.push(findingFrom(check, 'history-shallow', 'The repository is a shallow clone: documents may be older than the history shows.'));
    fresh *= 0.75;
    spreadScore *= 0.75;
  }
  const staleSummary = `${freshness.stale.length} of ${freshness.judged} document(s) stale (${staleByReference.length} against the code they reference, ${olderThanNewest.length} naming no code against the newest code change)`;
  return { fresh, spread: spreadScore, summary: `${staleSummary}, ${spread.late.length} of ${dated.length} first committed at the end` };
}

/** Resolved references that are code or pipeline files (folders expanded to the code inside, bounded). */
function codeFiles(paths: readonly string[], snapshot: Snapshot): string[] {
  const out = new Set<string>();
  for (const path of paths) {
    const area = areaOf(path);
    if (area === 'code' || area === 'pipeline') out.add(path);
    else if (!snapshot.has(path)) {
      for (const inner of snapshot.under(path).slice(0, 200)) {
        const innerArea = areaOf(inner);
        if (innerArea === 'code' || innerArea === 'pipeline') out.add(inner);
      }
    }
  }
  return [...out];
}

// ---- changelog -------------------------------------------------------------------------------------------

async function judgeChangelog(snapshot: Snapshot, evidence: Evidence[], findings: Finding[]): Promise<number> {
  const candidates = snapshot.glob(CHANGELOG_LOCATIONS).filter((path) => !snapshot.isSymlink(path));
  const path = candidates.sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (!path) {
    findings.push(findingFrom(check, 'no-changelog', 'No CHANGELOG, CHANGES, HISTORY, NEWS or RELEASE_NOTES file.'));
    return 0;
  }
  const text = await snapshot.readText(path);
  if (!text.ok) {
    findings.push(findingFrom(check, 'changelog-empty', `${path} could not be read as text (${text.reason}).`, { path }));
    return 0;
  }
  const document = /\.rst$/i.test(path) ? parseMarkdown(rstHeadingsToMarkdown(text.text)) : parseMarkdown(text.text);
  const entries = changelogEntries(document);
  const released = entries.filter((entry) => !entry.unreleased && entry.words >= 2);
  for (const entry of entries.filter((candidate) => candidate.invalidDate).slice(0, 5)) {
    findings.push(findingFrom(check, 'changelog-bad-date', `"${entry.invalidDate}" in "${entry.heading.slice(0, 60)}" is not a calendar date.`, { path, line: entry.line }));
  }
  if (released.length === 0) {
    const otherHeadings = document.headings.filter((heading) => heading !== document.title);
    findings.push(
      findingFrom(
        check,
        otherHeadings.length > 0 && entries.length === 0 ? 'changelog-undated' : 'changelog-empty',
        entries.length === 0 && otherHeadings.length > 0
          ? `${path} has ${otherHeadings.length} heading(s) but none names a version or a date.`
          : `${path} has no released entry with content.`,
        { path, line: otherHeadings[0]?.line ?? 1 },
      ),
    );
    evidence.push({ path, kind: 'changelog', note: `${entries.length} entr(ies), none released with content` });
    return wordCount(document.text) >= 20 ? 0.1 : 0;
  }
  const undated = released.filter((entry) => !entry.date);
  for (const entry of undated.slice(0, 5)) findings.push(findingFrom(check, 'changelog-undated', `"${entry.heading.slice(0, 60)}" has no date.`, { path, line: entry.line }));
  const dates = released.map((entry) => entry.date).filter((date): date is string => date !== null);
  const descending = dates.every((date, i) => i === 0 || date <= dates[i - 1]);
  const ascending = dates.every((date, i) => i === 0 || date >= dates[i - 1]);
  const ordered = descending || ascending;
  if (!ordered) findings.push(findingFrom(check, 'changelog-order', `The dates of ${path}'s entries go back and forth.`, { path, line: released[0].line }));
  const datedShare = dates.length / released.length;
  const versionedShare = released.filter((entry) => entry.version).length / released.length;
  evidence.push({
    path,
    line: released[0].line,
    kind: 'changelog',
    note: `${released.length} released entr(ies), ${dates.length} dated, newest ${dates.length ? (descending ? dates[0] : dates[dates.length - 1]) : 'undated'}${released[0].version ? `, latest version ${released[0].version}` : ''}`,
  });
  return 0.4 * Math.min(1, released.length / 3) + 0.4 * datedShare + 0.2 * versionedShare - (ordered ? 0 : 0.1);
}
