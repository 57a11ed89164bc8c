// ownership: who to call. CODEOWNERS that owns the code, model and data; contacts with a way to reach
// them; a README that says how to set up and how it is built; an onboarding or handover guide.
import { defineCheck, findingFrom, unit, type Evidence, type Finding } from '../src/check.js';
import { CODEOWNERS_LOCATIONS, CODEOWNERS_MAX_BYTES, codeownersMatcher, parseCodeowners } from '../src/formats/codeowners.js';
import { isPlaceholderOwner, realReach, type ContactMention } from '../src/formats/contacts.js';
import { parseMarkdown, type MarkdownDocument } from '../src/formats/markdown.js';
import { RUNBOOK_LOCATIONS, NOT_A_RUNBOOK } from '../src/formats/runbook.js';
import { parseYamlMapping } from '../src/formats/yaml.js';
import { CONTACT_FILES, CONTACT_SECTION_FILES, contactFile, contactSections, ownersFileHandles, type ContactBlock } from '../src/ownership/contact-sources.js';
import { CONTRIBUTING_LOCATIONS, GUIDE_LOCATIONS, guideValue, judgeGuide, MIN_GUIDE_WORDS, type GuideVerdict } from '../src/ownership/guide.js';
import { linkTarget } from '../src/ownership/links.js';
import { judgeReadme, MIN_README_WORDS, README_CANDIDATES, readmeValue } from '../src/ownership/readme.js';
import { areaOf, isIgnoredPath, sample, type RepositoryArea } from '../src/ownership/repository-areas.js';
import { rstHeadingsToMarkdown } from '../src/ownership/sections.js';
import { readMarkdown } from '../src/snapshot/parsed-reads.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';

/** Coverage is judged on at most this many files (evenly sampled) so a 200k-file repository stays fast. */
const MAX_COVERAGE_FILES = 20_000;
const MAX_MATCHES = 2_000_000;
const MAX_DOCS = 60;
const MAX_LISTED = 20;

const check = defineCheck({
  id: 'ownership',
  title: 'Ownership and contacts',
  rationale:
    'After handover, every alert, question and change request needs a person. Named owners with a way to reach them, a README that says how to set up and how the system fits together, and a guide for the first week are what keep a receiving team from reverse-engineering the vendor.',
  defaultWeight: 2,
  criteria: [
    {
      id: 'codeowners',
      title: 'CODEOWNERS owns the code, model and data',
      weight: 2,
      description: 'Share of code, pipeline, model and data files a valid, non-placeholder owner owns under GitHub\'s rules (last matching pattern wins), less a little per line GitHub would ignore.',
    },
    {
      id: 'contacts',
      title: 'Named contacts with a way to reach them',
      weight: 3,
      description: 'MAINTAINERS/OWNERS/CONTACTS/SUPPORT files or Contacts/Owners/Support/Escalation sections naming people or teams with e-mail, handle, channel, phone or paging service: two or more real ways to reach someone earn full marks. Placeholders (TBD, John Doe, example.com) earn nothing and cost a little.',
    },
    {
      id: 'readme',
      title: 'README with setup and architecture',
      weight: 3,
      description: `A root README with at least ${MIN_README_WORDS} words (0.2), a setup/installation section with real content (0.4) and an architecture/overview section with real content (0.4). Headings with nothing under them earn almost nothing; template text costs 0.1 each.`,
    },
    {
      id: 'onboarding',
      title: 'Onboarding or handover guide',
      weight: 2,
      description: `HANDOVER.md, ONBOARDING.md or docs/onboarding*: a third each for how to run, where things are and whom to ask; halved under ${MIN_GUIDE_WORDS} words. CONTRIBUTING.md alone counts for at most half.`,
    },
  ],
  findings: {
    'no-codeowners': { severity: 'warning', title: 'No CODEOWNERS file', criterion: 'codeowners', remediation: 'Add .github/CODEOWNERS naming who owns each part after handover, e.g. `/src/ @kestrel/ml-team`, `/data/ @kestrel/data-eng`, `/models/ @kestrel/ml-team`, with a default `* @kestrel/ml-team` line first.' },
    'codeowners-unreadable': { severity: 'error', title: 'CODEOWNERS cannot be read', criterion: 'codeowners', remediation: 'Commit CODEOWNERS as a plain UTF-8 text file under 3 MB; GitHub ignores anything else.' },
    'codeowners-invalid-line': { severity: 'warning', title: 'CODEOWNERS line GitHub ignores', criterion: 'codeowners', remediation: 'Fix the line: CODEOWNERS has no `!` negation, no `[ ]` ranges and no `\\#` escapes, and owners must be @user, @org/team or an e-mail address. GitHub skips invalid lines silently in reviews.' },
    'codeowners-no-owners': { severity: 'error', title: 'CODEOWNERS names no owners', criterion: 'codeowners', remediation: 'Put at least one owner after each pattern (`* @org/team`); a pattern without owners means "nobody owns this".' },
    'codeowners-placeholder-owner': { severity: 'warning', title: 'Placeholder owner in CODEOWNERS', criterion: 'codeowners', remediation: 'Replace template owners (@username, @org/team-name, someone@example.com) with the real team or people who will own the path after handover.' },
    'codeowners-uncovered': { severity: 'warning', title: 'Code, model or data without an owner', criterion: 'codeowners', remediation: 'Add CODEOWNERS rules (or a default `*` rule) so every code, pipeline, model and data path has a real owner.' },
    'codeowners-ignored': { severity: 'info', title: 'Extra CODEOWNERS file ignored', criterion: 'codeowners', remediation: 'Keep one CODEOWNERS file: GitHub uses the first of .github/, the root and docs/ and ignores the others.' },
    'no-contacts': { severity: 'error', title: 'Nobody to call', criterion: 'contacts', remediation: 'Add a "Contacts" (or "Owners", "Escalation") section to the README or runbook, or a MAINTAINERS/CONTACTS.md file, naming the owning people and teams with an e-mail address, chat channel or paging service for each, and until when the vendor answers.' },
    'contacts-unreachable': { severity: 'warning', title: 'Contacts named without a way to reach them', criterion: 'contacts', remediation: 'Give each named person or team an e-mail address, chat handle or channel, phone number or paging service.' },
    'placeholder-contact': { severity: 'warning', title: 'Placeholder contact', criterion: 'contacts', remediation: 'Replace the template text (TBD, John Doe, example.com addresses, [More Information Needed]) with the real owner and how to reach them.' },
    'no-readme': { severity: 'error', title: 'No README', criterion: 'readme', remediation: 'Add README.md at the repository root: what the system does, how to set it up and run it (commands), and how it is built (components, data flow, where the code, model and data live).' },
    'readme-unreadable': { severity: 'error', title: 'README cannot be read', criterion: 'readme', remediation: 'Commit the README as UTF-8 text (Markdown); binary or oversized READMEs are not read by anyone.' },
    'readme-thin': { severity: 'warning', title: 'README says almost nothing', criterion: 'readme', remediation: 'Explain what the system does, for whom, and how it fits together in a few paragraphs.' },
    'readme-no-setup': { severity: 'warning', title: 'README has no setup section', criterion: 'readme', remediation: 'Add a "Setup" / "Installation" / "Getting started" section with the commands to create the environment, fetch the data and run training or serving.' },
    'readme-no-architecture': { severity: 'warning', title: 'README has no architecture section', criterion: 'readme', remediation: 'Add an "Architecture" / "Overview" section: the components (training pipeline, registry, serving, monitoring), how data flows between them, and where each lives in the repository.' },
    'readme-empty-section': { severity: 'warning', title: 'README section has a heading but no content', criterion: 'readme', remediation: 'Write the section: a heading alone tells a newcomer nothing.' },
    'readme-template-text': { severity: 'warning', title: 'Template text left in the README', criterion: 'readme', remediation: 'Replace the template text with the real description.' },
    'no-onboarding-guide': { severity: 'warning', title: 'No onboarding or handover guide', criterion: 'onboarding', remediation: 'Add HANDOVER.md (or docs/onboarding.md) for the receiving team: how to run it on day one, a map of where things are (code, pipelines, model registry, data, dashboards), and whom to ask about what.' },
    'onboarding-contributing-only': { severity: 'info', title: 'Only a contribution guide', criterion: 'onboarding', remediation: 'CONTRIBUTING.md explains how to send changes, not how to take over the system: add a handover guide with how to run, where things are and whom to ask.' },
    'onboarding-incomplete': { severity: 'warning', title: 'Onboarding guide leaves things out', criterion: 'onboarding', remediation: 'Make the guide answer the three newcomer questions: how do I run it, where is everything, whom do I ask.' },
    'onboarding-thin': { severity: 'warning', title: 'Onboarding guide is a stub', criterion: 'onboarding', remediation: 'Flesh the guide out: a few paragraphs per question, with commands and paths.' },
  },
  scale: {
    high: 'CODEOWNERS gives every code, model and data path a real owner; contacts name people and teams with e-mail, channels or paging; the README explains setup and architecture; a handover guide says how to run, where things are and whom to ask.',
    low: 'No owners, no contacts, no README and no guide: the receiving team does not know whom to call.',
  },
  recognises: [
    'CODEOWNERS in .github/, the root, docs/ (GitHub order) and .gitlab/: patterns with gitignore semantics, last match wins, @user, @org/team, e-mail owners, inline comments, GitLab [sections]; unsupported `!`, `[ ]`, `\\#` and invalid owners reported by line',
    'MAINTAINERS, OWNERS (including Kubernetes approvers/reviewers YAML), CONTACTS.md, SUPPORT.md, TEAM.md; Contacts/Owners/Maintainers/Support/Escalation/On-call sections in READMEs, runbooks, model cards and handover guides',
    'ways to reach: e-mail, @handles, #channels, Slack/Teams links, phone numbers, PagerDuty/Opsgenie; placeholders: TBD, TODO, John/Jane Doe, example.com addresses, @username, @org/team-name, [More Information Needed]',
    'README.md/.rst/.txt at the root (or .github/, docs/): setup/installation/getting-started and architecture/overview/design sections judged by content',
    'HANDOVER.md, HANDOFF.md, ONBOARDING.md, docs/**/*onboarding*|*handover*; CONTRIBUTING.md counts for at most half',
  ],
  async run(snapshot, context) {
    const evidence: Evidence[] = [];
    const findings: Finding[] = [];
    const locations = context.locations.length ? snapshot.glob(context.locations).filter((path) => /\.(md|markdown)$/i.test(path)) : [];
    const codeowners = await judgeCodeowners(snapshot, evidence, findings);
    const contacts = await judgeContacts(snapshot, locations, evidence, findings);
    const readme = await judgeReadmeFile(snapshot, evidence, findings);
    const onboarding = await judgeOnboarding(snapshot, locations, evidence, findings);
    const criteria = { codeowners: unit(codeowners.value), contacts: unit(contacts.value), readme: unit(readme), onboarding: unit(onboarding) };
    return {
      status: 'judged',
      criteria,
      evidence,
      findings,
      summary: `${codeowners.summary}; ${contacts.summary}; README ${readme >= 0.9 ? 'covers setup and architecture' : readme > 0 ? 'is incomplete' : 'missing'}; ${onboarding >= 0.9 ? 'a complete onboarding guide' : onboarding > 0 ? 'a partial onboarding guide' : 'no onboarding guide'}.`,
    };
  },
});

export default check;

// ---- CODEOWNERS ------------------------------------------------------------------------------------------

async function judgeCodeowners(snapshot: Snapshot, evidence: Evidence[], findings: Finding[]): Promise<{ value: number; summary: string }> {
  const present = CODEOWNERS_LOCATIONS.filter((path) => snapshot.has(path) && !snapshot.isSymlink(path));
  if (present.length === 0) {
    findings.push(findingFrom(check, 'no-codeowners', `No CODEOWNERS file (looked in ${CODEOWNERS_LOCATIONS.join(', ')}).`));
    return { value: 0, summary: 'no CODEOWNERS' };
  }
  const [path, ...ignored] = present;
  for (const other of ignored) findings.push(findingFrom(check, 'codeowners-ignored', `${other} is ignored: ${path} takes precedence.`, { path: other }));
  const size = await snapshot.sizeOf(path);
  if (size !== undefined && size > CODEOWNERS_MAX_BYTES) {
    findings.push(findingFrom(check, 'codeowners-unreadable', `${path} is larger than 3 MB; GitHub does not load it.`, { path }));
    return { value: 0, summary: 'CODEOWNERS too large' };
  }
  const read = await snapshot.readText(path, { maxBytes: CODEOWNERS_MAX_BYTES });
  if (!read.ok) {
    findings.push(findingFrom(check, 'codeowners-unreadable', `${path} could not be read as text (${read.reason}).`, { path }));
    return { value: 0, summary: 'CODEOWNERS unreadable' };
  }
  const parsed = parseCodeowners(read.text);
  for (const problem of parsed.problems.slice(0, MAX_LISTED)) findings.push(findingFrom(check, 'codeowners-invalid-line', `Line ${problem.line}: ${problem.message}.`, { path, line: problem.line }));
  if (parsed.problems.length > MAX_LISTED) findings.push(findingFrom(check, 'codeowners-invalid-line', `${parsed.problems.length - MAX_LISTED} more invalid line(s) not listed.`, { path }));

  const owners = new Set(parsed.rules.flatMap((rule) => rule.owners));
  const realOwners = [...owners].filter((owner) => !isPlaceholderOwner(owner));
  let placeholderRules = 0;
  for (const rule of parsed.rules) {
    const fake = rule.owners.filter(isPlaceholderOwner);
    if (fake.length === 0) continue;
    if (++placeholderRules <= MAX_LISTED) findings.push(findingFrom(check, 'codeowners-placeholder-owner', `"${rule.pattern}" is owned by ${fake.slice(0, 3).join(', ')}, a template stand-in.`, { path, line: rule.line }));
  }

  if (parsed.rules.length === 0 || owners.size === 0) {
    const message = parsed.rules.length === 0 ? `${path} has no usable rule${parsed.problems.length ? ` (${parsed.problems.length} line(s) GitHub ignores)` : ''}.` : `${path} has ${parsed.rules.length} pattern(s) but names no owner: nothing is owned.`;
    findings.push(findingFrom(check, 'codeowners-no-owners', message, { path, line: parsed.rules[0]?.line }));
    evidence.push({ path, kind: 'codeowners', note: `${parsed.rules.length} rule(s), no owners, ${parsed.problems.length} invalid line(s)` });
    return { value: 0, summary: 'CODEOWNERS without owners' };
  }

  const coverage = ownedShare(snapshot, parsed.rules);
  if (coverage.total > 0 && coverage.owned < coverage.total) {
    const byArea = [...coverage.byArea]
      .filter(([, counts]) => counts.owned < counts.total)
      .map(([area, counts]) => `${area} ${counts.total - counts.owned} of ${counts.total}`)
      .join(', ');
    findings.push(
      findingFrom(check, 'codeowners-uncovered', `${coverage.total - coverage.owned} of ${coverage.total} file(s) have no real owner (${byArea}), e.g. ${coverage.unowned.slice(0, 5).join(', ')}.`, {
        path,
        severity: coverage.owned === 0 ? 'error' : 'warning',
      }),
    );
  }
  const share = coverage.total === 0 ? 0 : coverage.owned / coverage.total;
  const value = share * (1 - Math.min(0.3, 0.05 * parsed.problems.length));
  const ownerList = realOwners.slice(0, 5).join(', ') + (realOwners.length > 5 ? ', …' : '');
  evidence.push({
    path,
    kind: 'codeowners',
    note: `${parsed.rules.length} rule(s)${parsed.sections ? ` in ${parsed.sections} section(s)` : ''}, ${realOwners.length} real owner(s)${ownerList ? ` (${ownerList})` : ''}; owns ${coverage.owned} of ${coverage.total} code/pipeline/model/data file(s)${coverage.sampled ? ' (sampled)' : ''}; ${parsed.problems.length} invalid line(s)`,
  });
  return { value, summary: `CODEOWNERS owns ${Math.round(share * 100)}% of code/model/data` };
}

interface Coverage {
  total: number;
  owned: number;
  byArea: Map<RepositoryArea | 'other', { total: number; owned: number }>;
  unowned: string[];
  sampled: boolean;
}

/** Files of the areas someone must own, judged against the rules with GitHub's last-match precedence. */
function ownedShare(snapshot: Snapshot, rules: Parameters<typeof codeownersMatcher>[0]): Coverage {
  const candidates: Array<{ path: string; area: RepositoryArea | 'other' }> = [];
  for (const path of snapshot.files) {
    const area = areaOf(path);
    if (area) candidates.push({ path, area });
  }
  if (candidates.length === 0) {
    for (const path of snapshot.files) if (!isIgnoredPath(path)) candidates.push({ path, area: 'other' });
  }
  // Bounded work: rules × files stays under MAX_MATCHES however large the CODEOWNERS file or the tree.
  const files = sample(candidates, Math.max(500, Math.min(MAX_COVERAGE_FILES, Math.floor(MAX_MATCHES / Math.max(1, rules.length)))));
  const match = codeownersMatcher(rules);
  const coverage: Coverage = { total: files.length, owned: 0, byArea: new Map(), unowned: [], sampled: candidates.length > files.length };
  for (const { path, area } of files) {
    const rule = match(path);
    const owned = Boolean(rule && rule.owners.some((owner) => !isPlaceholderOwner(owner)));
    const counts = coverage.byArea.get(area) ?? { total: 0, owned: 0 };
    counts.total++;
    if (owned) {
      counts.owned++;
      coverage.owned++;
    } else if (coverage.unowned.length < 10) coverage.unowned.push(path);
    coverage.byArea.set(area, counts);
  }
  return coverage;
}

// ---- contacts --------------------------------------------------------------------------------------------

async function judgeContacts(snapshot: Snapshot, locations: readonly string[], evidence: Evidence[], findings: Finding[]): Promise<{ value: number; summary: string }> {
  const blocks: ContactBlock[] = [];
  const wholeFiles = usable(snapshot, snapshot.glob(CONTACT_FILES)).slice(0, 10);
  for (const path of wholeFiles) {
    const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
    if (!read.ok) continue;
    blocks.push(ownersYamlBlock(path, read.text) ?? contactFile(path, read.text));
  }
  const sectionFiles = new Set<string>([
    ...usable(snapshot, snapshot.glob(['README{,.md,.markdown}', '*/README.md', '{docs,doc}/README.md'])),
    ...usable(snapshot, snapshot.glob(RUNBOOK_LOCATIONS)).filter((path) => /\.(md|markdown)$/i.test(path) && !NOT_A_RUNBOOK.test(path)),
    ...usable(snapshot, snapshot.glob(CONTACT_SECTION_FILES)),
    ...usable(snapshot, snapshot.glob(GUIDE_LOCATIONS)).filter((path) => /\.(md|markdown)$/i.test(path)),
    ...locations,
  ]);
  for (const path of [...sectionFiles].filter((path) => !wholeFiles.includes(path)).slice(0, MAX_DOCS)) {
    const source = await markdownSource(snapshot, path);
    if (source) blocks.push(...contactSections(path, source.document, source.text));
  }

  if (blocks.length === 0) {
    findings.push(findingFrom(check, 'no-contacts', 'No MAINTAINERS, OWNERS, CONTACTS or SUPPORT file and no Contacts/Owners/Support/Escalation section in the README, runbooks, model card or handover guide.'));
    return { value: 0, summary: 'no contacts' };
  }
  const reach = new Map<string, ContactMention>();
  let named = false;
  let placeholders = 0;
  for (const block of blocks) {
    const real = realReach(block.scan);
    for (const mention of real) reach.set(`${mention.kind}\0${mention.value.toLowerCase()}`, mention);
    if (real.length > 0 && block.scan.namedLines.length > 0) named = true;
    const fakes = placeholdersByLine(block);
    for (const fake of fakes) {
      if (++placeholders > MAX_LISTED) break;
      const texts = fake.texts.map((text) => `"${text.slice(0, 60)}"`).join(', ');
      findings.push(findingFrom(check, 'placeholder-contact', `${block.heading ? `"${block.heading.slice(0, 60)}"` : block.path} holds the placeholder ${texts}.`, { path: block.path, line: fake.line }));
    }
    if (real.length === 0 && block.scan.namedLines.length > 0 && fakes.length === 0) {
      findings.push(findingFrom(check, 'contacts-unreachable', `${block.heading ? `"${block.heading.slice(0, 60)}"` : block.path} names people or teams but gives no e-mail, handle, channel, phone or paging service.`, { path: block.path, line: block.line }));
    }
    const kinds = [...new Set(real.map((mention) => mention.kind))].join(', ');
    evidence.push({
      path: block.path,
      line: block.line,
      kind: 'contacts',
      note: `${block.heading ? `"${block.heading.slice(0, 60)}"` : 'contact file'}: ${real.length} way(s) to reach${kinds ? ` (${kinds})` : ''}, ${block.scan.namedLines.length} named line(s), ${fakes.length} placeholder(s)`,
    });
  }
  if (reach.size === 0) {
    if (placeholders === 0 && !blocks.some((block) => block.scan.namedLines.length > 0)) {
      findings.push(findingFrom(check, 'no-contacts', `Contact sections exist (${blocks.slice(0, 3).map((block) => block.path).join(', ')}) but name nobody.`, { path: blocks[0].path, line: blocks[0].line }));
    }
    return { value: blocks.some((block) => block.scan.namedLines.length > 0) && placeholders === 0 ? 0.2 : 0, summary: 'no reachable contact' };
  }
  let value = Math.min(1, 0.5 + 0.25 * reach.size) * (named ? 1 : 0.8);
  if (placeholders > 0) value -= 0.15;
  return { value, summary: `${reach.size} way(s) to reach the owners` };
}

/** Placeholder text and placeholder addresses of a block, one entry per line (`John Doe, john.doe@example.com` is one). */
function placeholdersByLine(block: ContactBlock): Array<{ line: number; texts: string[] }> {
  const byLine = new Map<number, string[]>();
  const add = (line: number, text: string) => byLine.set(line, [...(byLine.get(line) ?? []), text]);
  for (const entry of block.scan.placeholders) add(entry.line, entry.text);
  for (const mention of block.scan.reach) if (mention.placeholder) add(mention.line, mention.value);
  return [...byLine]
    .sort((a, b) => a[0] - b[0])
    .map(([line, texts]) => ({ line, texts: [...new Set(texts)].filter((text, _, all) => !all.some((other) => other !== text && other.toLowerCase().includes(text.toLowerCase()))) }));
}

/** Kubernetes OWNERS files are YAML lists of GitHub logins. */
function ownersYamlBlock(path: string, text: string): ContactBlock | null {
  if (!/(^|\/)OWNERS$/i.test(path)) return null;
  const parsed = parseYamlMapping(text);
  if (!parsed.ok) return null;
  const handles = ownersFileHandles(parsed.value);
  if (!handles) return null;
  const block = contactFile(path, '');
  block.scan.reach.push(...handles.map((value) => ({ kind: 'handle' as const, value, line: 1, placeholder: isPlaceholderOwner(value) })));
  if (handles.length) block.scan.namedLines.push(1);
  return block;
}

// ---- README ----------------------------------------------------------------------------------------------

async function judgeReadmeFile(snapshot: Snapshot, evidence: Evidence[], findings: Finding[]): Promise<number> {
  const path =
    README_CANDIDATES.find((candidate) => snapshot.has(candidate) && !snapshot.isSymlink(candidate)) ??
    usable(snapshot, snapshot.glob('README{,.md,.markdown,.rst,.txt}'))[0];
  if (!path) {
    findings.push(findingFrom(check, 'no-readme', 'No README at the repository root (nor in .github/ or docs/).'));
    return 0;
  }
  const source = await markdownSource(snapshot, path);
  if (!source) {
    const read = await snapshot.readText(path);
    findings.push(findingFrom(check, 'readme-unreadable', `${path} could not be read as text (${read.ok ? 'unknown' : read.reason}).`, { path }));
    evidence.push({ path, kind: 'readme', note: 'unreadable' });
    return 0;
  }
  const verdict = judgeReadme(source.document, source.text);
  if (verdict.words < MIN_README_WORDS) findings.push(findingFrom(check, 'readme-thin', `${path} has ${verdict.words} word(s) of text.`, { path, line: 1 }));
  for (const [section, missing] of [
    [verdict.setup, 'readme-no-setup'],
    [verdict.architecture, 'readme-no-architecture'],
  ] as const) {
    if (!section) findings.push(findingFrom(check, missing, `${path} has no ${missing === 'readme-no-setup' ? 'setup/installation/getting-started' : 'architecture/overview/design'} section.`, { path, line: 1 }));
    else if (!section.real) findings.push(findingFrom(check, 'readme-empty-section', `"${section.heading.slice(0, 60)}" has ${section.words} word(s) and no command under it.`, { path, line: section.line }));
  }
  for (const template of verdict.templateText.slice(0, 5)) findings.push(findingFrom(check, 'readme-template-text', `"${template.text}" left in the README.`, { path, line: template.line }));
  const describe = (section: typeof verdict.setup) => (section ? `"${section.heading.slice(0, 40)}" (${section.words} words, ${section.codeBlocks} code block(s))` : 'none');
  evidence.push({ path, line: 1, kind: 'readme', note: `${verdict.words} words; setup: ${describe(verdict.setup)}; architecture: ${describe(verdict.architecture)}` });
  return readmeValue(verdict);
}

// ---- onboarding ------------------------------------------------------------------------------------------

async function judgeOnboarding(snapshot: Snapshot, locations: readonly string[], evidence: Evidence[], findings: Finding[]): Promise<number> {
  const guides = [...new Set([...usable(snapshot, snapshot.glob(GUIDE_LOCATIONS)), ...locations.filter((path) => /onboard|handover|handoff|getting[-_]?started|newcomer/i.test(path))])].slice(0, 10);
  const contributing = usable(snapshot, snapshot.glob(CONTRIBUTING_LOCATIONS)).slice(0, 3);
  if (guides.length === 0 && contributing.length === 0) {
    findings.push(findingFrom(check, 'no-onboarding-guide', 'No HANDOVER.md, ONBOARDING.md, docs/onboarding* or CONTRIBUTING.md.'));
    return 0;
  }
  let best: { path: string; verdict: GuideVerdict; value: number } | null = null;
  for (const path of [...guides, ...contributing]) {
    const source = await markdownSource(snapshot, path);
    if (!source) continue;
    const verdict = judgeGuide(source.document, source.text);
    if (!verdict.whom.found) {
      const link = verdict.contactLinks.find((candidate) => linkResolves(snapshot, path, candidate.url));
      if (link) verdict.whom = { found: true, line: link.line, how: `link to ${link.url}` };
    }
    const isContributing = contributing.includes(path);
    const value = guideValue(verdict) * (isContributing ? 0.5 : 1);
    const parts = (['run', 'where', 'whom'] as const).map((key) => `${key}: ${verdict[key].found ? verdict[key].how ?? 'yes' : 'no'}`).join('; ');
    evidence.push({ path, line: 1, kind: isContributing ? 'contributing-guide' : 'onboarding-guide', note: `${verdict.words} words; ${parts}` });
    if (!best || value > best.value) best = { path, verdict, value };
  }
  if (!best) {
    findings.push(findingFrom(check, 'no-onboarding-guide', `The guide(s) ${[...guides, ...contributing].slice(0, 3).join(', ')} could not be read as text.`, { path: guides[0] ?? contributing[0] }));
    return 0;
  }
  const { path, verdict } = best;
  if (guides.length === 0) findings.push(findingFrom(check, 'onboarding-contributing-only', `Only ${path} speaks to newcomers; it counts for half.`, { path }));
  const missing = [
    !verdict.run.found && 'how to run it (setup or run section, or commands)',
    !verdict.where.found && 'where things are (a layout or map section, or the paths)',
    !verdict.whom.found && 'whom to ask (contacts, or a link to them)',
  ].filter(Boolean);
  if (missing.length) findings.push(findingFrom(check, 'onboarding-incomplete', `${path} does not say ${missing.join(', ')}.`, { path, line: 1 }));
  if (verdict.words < MIN_GUIDE_WORDS) findings.push(findingFrom(check, 'onboarding-thin', `${path} has ${verdict.words} word(s).`, { path, line: 1 }));
  return best.value;
}

// ---- shared ----------------------------------------------------------------------------------------------

function usable(snapshot: Snapshot, paths: readonly string[]): string[] {
  return paths.filter((path) => !snapshot.isSymlink(path) && !isIgnoredPath(path));
}

/** Markdown (or reStructuredText / plain text, given Markdown headings) with its raw text; null when unreadable. */
async function markdownSource(snapshot: Snapshot, path: string): Promise<{ document: MarkdownDocument; text: string } | null> {
  const read = await snapshot.readText(path);
  if (!read.ok) return null;
  if (/\.rst$/i.test(path)) {
    const text = rstHeadingsToMarkdown(read.text);
    return { document: parseMarkdown(text), text };
  }
  const document = await readMarkdown(snapshot, path);
  return document ? { document, text: read.text } : null;
}

function linkResolves(snapshot: Snapshot, from: string, url: string): boolean {
  const target = linkTarget(from, url);
  return target.kind === 'path' && (target.path === '' || snapshot.has(target.path) || snapshot.under(target.path).length > 0);
}
