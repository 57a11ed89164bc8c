// Which files are the delivery's documentation, and of what kind, from their paths alone. Only recognised
// kinds count: a stray notes.md at the root is not documentation of the system. Pure: paths in.
import { isIgnoredPath } from './repository-areas.js';

export type DocKind = 'readme' | 'guide' | 'architecture' | 'adr' | 'runbook' | 'model-card' | 'evaluation' | 'failure-modes' | 'data-doc' | 'changelog' | 'docs';

const DOC_EXTENSION = /\.(md|markdown|rst|txt|adoc)$/i;
const NO_EXTENSION_DOC = /(^|\/)(README|CHANGELOG|CHANGES|HISTORY|NEWS)$/i;
const MAX_README_DEPTH = 3;

/** Ordered: the first kind that matches wins. */
const KINDS: ReadonlyArray<[DocKind, RegExp]> = [
  ['adr', /(^|\/)(adr|adrs|decisions|architecture-decisions|decision-records)\//i],
  ['changelog', /(^|\/)(changelog|changes|history|news|release[-_]?notes|releases)(\.[a-z]+)?$/i],
  ['runbook', /(^|\/)(runbooks?|playbooks|operations|ops|oncall)\/|(^|\/)(runbook[^/]*|operations|oncall|on[-_]call)\.[a-z]+$/i],
  ['model-card', /(^|\/)model[-_]?card[^/]*$/i],
  ['guide', /(^|\/)(handover|handoff|onboarding|contributing|newcomers|getting[-_]started)[^/]*$/i],
  ['evaluation', /(^|\/)(acceptance[^/]*|evaluation[-_]?(criteria|plan)[^/]*)$|(^|\/)(docs|doc)\/evaluation\//i],
  ['failure-modes', /(^|\/)(failure[-_]modes|known[-_]issues|limitations|fmea)[^/]*$/i],
  ['data-doc', /^(?=((?:[^]*\/)?data\/))\1(?:[^/]+\/)*readme(?:\.[a-z]+)?$|(^|\/)(datasheet|dataset[-_]card)[^/]*$/i],
  ['architecture', /(^|\/)(architecture|design|overview|system[-_]design)\.[a-z]+$/i],
  ['readme', /(^|\/)readme(\.[a-z]+)?$/i],
  ['docs', /^(docs|doc|documentation)\//i],
];

export function docKindOf(path: string): DocKind | null {
  if (isIgnoredPath(path) || !(DOC_EXTENSION.test(path) || NO_EXTENSION_DOC.test(path))) return null;
  if (/(^|\/)(LICEN[CS]E|COPYING|NOTICE|THIRD[-_]PARTY[^/]*|CODE_OF_CONDUCT|SECURITY)(\.[a-z]+)?$/i.test(path)) return null;
  if (/(^|\/)(requirements[^/]*|constraints[^/]*)\.txt$/i.test(path)) return null;
  for (const [kind, pattern] of KINDS) {
    if (!pattern.test(path)) continue;
    if (kind === 'readme' && path.split('/').length > MAX_README_DEPTH) return null;
    return kind;
  }
  return null;
}

export interface DocFile {
  path: string;
  kind: DocKind;
}

/** Reading priority: what a newcomer opens first is judged first when a cap applies. */
const PRIORITY: readonly DocKind[] = ['readme', 'guide', 'model-card', 'architecture', 'runbook', 'evaluation', 'failure-modes', 'data-doc', 'changelog', 'docs', 'adr'];

export function documentationFiles(paths: readonly string[]): DocFile[] {
  const docs: DocFile[] = [];
  for (const path of paths) {
    const kind = docKindOf(path);
    if (kind) docs.push({ path, kind });
  }
  return docs.sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
