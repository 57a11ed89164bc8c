// Onboarding and handover guides: does the guide tell a newcomer how to run the project, where things are,
// and whom to ask? Judged from its sections, commands, path mentions and contacts. Pure: a parsed document in.
import { normaliseHeading, type MarkdownDocument } from '../formats/markdown.js';
import { realReach, scanContacts } from '../formats/contacts.js';
import { CONTACT_HEADING } from './contact-sources.js';
import { SETUP_HEADING } from './readme.js';
import { judgeSection, wordCount } from './sections.js';

/** Handover and onboarding guides (case-insensitive). */
export const GUIDE_LOCATIONS: readonly string[] = [
  '{,docs/,doc/}{HANDOVER,HANDOFF,ONBOARDING,NEWCOMERS,HANDOVER_GUIDE,HANDOVER-GUIDE}{.md,.markdown,.rst,.txt}',
  '{docs,doc}/**/*{onboarding,handover,handoff}*.{md,markdown,rst}',
];
/** Contribution guides tell a newcomer some of it: they count, for at most half. */
export const CONTRIBUTING_LOCATIONS: readonly string[] = ['{,docs/,.github/}CONTRIBUTING{.md,.markdown,.rst,.txt}'];

const RUN_HEADING = new RegExp(`${SETUP_HEADING.source}|\\b(run\\w*|train\\w*|deploy\\w*|operat\\w*|day one|first day|first steps)\\b`);
const WHERE_HEADING = /\b(where|layout|structure|map|tour|repository|repo|director(y|ies)|folders?|codebase|architecture|components|orientation|what s where|what s (here|inside)|artifacts|inventory)\b/;
const SHELL_LANGS = /^(bash|sh|shell|console|zsh|shell-session|terminal|cmd|powershell|ps1|)$/i;
const PATH_SPAN = /^\.{0,2}\/?[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]*$|^[A-Za-z0-9_-]+\.(py|md|ya?ml|toml|json|sh|ipynb|lock|txt)$/;

/** Fewer words than this is a stub, whatever its headings promise. */
export const MIN_GUIDE_WORDS = 120;

export interface GuideElement {
  found: boolean;
  /** Where it was found, or why it counts. */
  line?: number;
  how?: string;
}

export interface GuideVerdict {
  words: number;
  run: GuideElement;
  where: GuideElement;
  whom: GuideElement;
  /** Relative links to contact/escalation documents, for the check to resolve. */
  contactLinks: Array<{ url: string; line: number }>;
}

export function judgeGuide(document: MarkdownDocument, source: string): GuideVerdict {
  const words = wordCount(document.text);
  const sections = document.sections.map((section) => ({ section, name: normaliseHeading(section.heading.text), verdict: judgeSection(document, section) }));

  const runSection = sections.find(({ name, verdict }) => RUN_HEADING.test(name) && verdict.real);
  const command = document.code.find((code) => code.kind === 'block' && SHELL_LANGS.test(code.lang ?? '') && code.value.trim() !== '');
  const run: GuideElement = runSection
    ? { found: true, line: runSection.verdict.line, how: `section "${runSection.verdict.heading.slice(0, 60)}"` }
    : command
      ? { found: true, line: command.line, how: 'command block' }
      : { found: false };

  const whereSection = sections.find(({ name, verdict }) => WHERE_HEADING.test(name) && verdict.real);
  const paths = new Set<string>();
  for (const code of document.code) if (code.kind === 'inline' && PATH_SPAN.test(code.value.trim())) paths.add(code.value.trim());
  for (const link of document.links) if (isRelativeLink(link.url)) paths.add(link.url.split('#')[0]);
  const where: GuideElement = whereSection
    ? { found: true, line: whereSection.verdict.line, how: `section "${whereSection.verdict.heading.slice(0, 60)}"` }
    : paths.size >= 4
      ? { found: true, how: `${paths.size} paths named` }
      : { found: false };

  const reach = realReach(scanContacts(source));
  const contactSection = sections.find(({ name, verdict }) => CONTACT_HEADING.test(name) && verdict.words >= 4);
  const contactLinks = document.links
    .filter((link) => isRelativeLink(link.url) && /contact|escalat|owner|maintainer|support|on-?call|team/i.test(`${link.url} ${link.text}`))
    .map((link) => ({ url: link.url, line: link.line }));
  const whom: GuideElement =
    reach.length > 0
      ? { found: true, line: reach[0].line, how: `${reach.length} contact(s)` }
      : contactSection
        ? { found: true, line: contactSection.verdict.line, how: `section "${contactSection.verdict.heading.slice(0, 60)}"` }
        : { found: false };
  return { words, run, where, whom, contactLinks };
}

/** 0..1: a third each for run, where and whom, halved for a stub. */
export function guideValue(verdict: GuideVerdict): number {
  const parts = [verdict.run, verdict.where, verdict.whom].filter((element) => element.found).length / 3;
  return verdict.words < MIN_GUIDE_WORDS ? parts * 0.5 : parts;
}

export function isRelativeLink(url: string): boolean {
  return url !== '' && !url.startsWith('#') && !url.startsWith('//') && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(url);
}
