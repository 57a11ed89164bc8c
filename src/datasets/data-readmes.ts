// READMEs that sit beside the data they describe: `data/Readme.txt` shipped with a public dataset,
// `evals/data/<set>/README.md`, `eval/EVAL_README.md`. A README in a folder whose files (or sub-folders) hold data
// speaks for that data, whatever the folder is called. Pure over the listing, plus a plain-text heading normaliser.
import { isAgentInstructionFile } from '../formats/agent-instructions.js';
import { folderOf, isDataLikePath } from './paths.js';
import { shallowFirst } from '../path-memo.js';

/** `README.md`, `Readme.txt`, `README`, `EVAL_README.md`, `data-readme.rst`: a README, optionally prefixed by a word. */
const README_NAME = /^(?:[a-z0-9]{1,20}[-_])?read[-_]?me(?:\.(?:md|markdown|txt|rst))?$/i;
const NOT_DELIVERED_HERE = /(?:^|\/)(?:node_modules|\.venv|venv|site-packages|vendor|third[-_]party|\.git)\//i;
const MAX_READMES = 40;

/** Folders (not the root) holding a data-like file directly, and those holding one a folder down (`gambling_XS/inputs/x.jsonl`). */
function foldersHoldingData(files: readonly string[]): { direct: Set<string>; near: Set<string> } {
  const direct = new Set<string>();
  const near = new Set<string>();
  for (const path of files) {
    if (!isDataLikePath(path)) continue;
    const folder = folderOf(path);
    if (folder) direct.add(folder);
    if (folderOf(folder)) near.add(folderOf(folder));
  }
  return { direct, near };
}

const CODE_FILE = /\.(?:py|ipynb|r|jl|js|ts|sh|go|java|scala|rs|cs|rb)$/i;

export interface DataReadme {
  path: string;
  /**
   * Its folder holds code too (`scripts/`, a package), or its data only in a sub-folder (a sub-project's README): it
   * documents more than the data, so only headings that name data count, as in a project README.
   */
  general: boolean;
}

/** README-named files beside data, shallowest first; never the project README, an assistant's file or vendored code. */
export function dataReadmes(files: readonly string[]): DataReadme[] {
  // README-named files in a folder first: most listings have few, and none means no pass for the data folders.
  const readmes = files.filter((path) => README_HINT.test(path) && folderOf(path) !== '' && README_NAME.test(path.slice(path.lastIndexOf('/') + 1)));
  if (readmes.length === 0) return [];
  const { direct, near } = foldersHoldingData(files);
  const chosen = readmes
    .filter((path) => {
      const folder = folderOf(path);
      return (direct.has(folder) || near.has(folder)) && !NOT_DELIVERED_HERE.test(path) && !isAgentInstructionFile(path);
    })
    .sort(shallowFirst)
    .slice(0, MAX_READMES);
  if (chosen.length === 0) return [];
  const folders = new Set(chosen.map(folderOf));
  const withCode = new Set<string>();
  for (const path of files) {
    if (!CODE_FILE.test(path)) continue;
    const folder = folderOf(path);
    if (folders.has(folder)) withCode.add(folder);
  }
  return chosen.map((path) => ({ path, general: withCode.has(folderOf(path)) || !direct.has(folderOf(path)) }));
}

/** Cheap test before README_NAME: every README name holds these letters in order. */
const README_HINT = /read[-_]?me/i;

/** A banner or underline line of a plain-text README (`=====`, `-----`, `*****`). */
const RULE = /^[ \t]*([=*~#-])\1{3,}[ \t]*$/;

/**
 * Plain-text READMEs mark headings with rules above and below (`====\nLicense\n====`) or under the title; turn each
 * such title into a Markdown heading so the section reader sees it, and blank the rules. One pass, line by line.
 */
export function plainTextHeadings(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // A blank line keeps the line numbers findings cite.
    if (RULE.test(line)) {
      out.push('');
      continue;
    }
    const title = line.trim();
    const underlined = i + 1 < lines.length && RULE.test(lines[i + 1]);
    if (title && underlined && title.length <= 80 && !/^[-*+]\s/.test(title)) out.push(`## ${title}`);
    else out.push(line);
  }
  return out.join('\n');
}
