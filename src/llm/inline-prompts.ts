// Prompts written as string literals in code: string-literals.ts finds the literals of each language (Python,
// JavaScript/TypeScript, Ruby, C#, Go, Java, Kotlin, Scala, Swift, Rust, PHP; adjacent literals joined as the
// languages join them), and a literal counts as a prompt when it is long and reads like instructions to a model, or
// is assigned to a prompt-named variable or a `system=`/`"content":` argument. Python docstrings are left out.
// Notebooks are read by their code cells. Bounded: a capped number of files, each under a size cap, within a byte budget.
import type { Snapshot } from '../snapshot/snapshot.js';
import { lineOfIndex } from '../formats/lines.js';
import { notebookCells as cellsOf } from '../formats/notebook.js';
import { templateVariables } from './prompt-files.js';
import { stringLiterals, syntaxOf, type Literal } from './string-literals.js';
import { shallowFirst } from '../path-memo.js';

export interface InlinePrompt {
  path: string;
  line: number;
  /** Characters in the literal (joined parts). */
  length: number;
  /** The variable or argument it is assigned to, when there is one. */
  name: string | null;
  /** In a notebook: the code cell (1-based) the line is counted in. */
  cell?: number;
  /** Slots the prompt fills in (`{question}`, `{{$input}}`). */
  variables: string[];
}

export interface InlinePromptScan {
  prompts: InlinePrompt[];
  filesScanned: number;
  /** Code files in the listing that were not read (caps). */
  notScanned: number;
  /** Code that generates text with a model library (`AutoModelForCausalLM`, `pipeline("text-generation")`). */
  generationCode: Array<{ path: string; line: number }>;
  /** Code in languages this scanner does not read (prompts written there are not seen), e.g. `Ruby: 212 file(s)`. */
  unreadLanguages: Array<{ language: string; files: number }>;
}

const CODE = /\.(py|ts|tsx|js|jsx|mjs|cjs|rb|rake|cs|go|java|kt|scala|swift|rs|php|ipynb)$/i;
const NOTEBOOK = /\.ipynb$/i;
const NOT_OWN_CODE = /(^|\/)(node_modules|dist|build|\.next|out|coverage|site-packages|\.venv|venv|vendor|third_party|mlruns|wandb|migrations|migrate|obj|target|\.gradle|Pods|generated|\.ipynb_checkpoints)\/|\.min\.js$|\.d\.ts$|\.(g|designer)\.cs$|\.pb\.go$/i;
const TEST_CODE =
  /(^|\/)(tests?|__tests__|spec|specs|testing|testdata|fixtures|integration[-_]tests?|[^/]*\.Tests?|src\/test)\/|(^|\/)(test_[^/]*\.py|[^/]*_test\.(py|go)|conftest\.py|[^/]*\.(test|spec)\.[jt]sx?|[^/]*_spec\.rb|[^/]*Tests?\.(cs|java|kt|swift|php)|[^/]*Spec\.(scala|kt))$/i;
const MAX_FILES = 400;
const MAX_FILE_BYTES = 256 * 1024;
/** Notebooks carry their outputs: a larger cap, and only code cells are read. */
const MAX_NOTEBOOK_BYTES = 4 * 1024 * 1024;
const BUDGET = 16 * 1024 * 1024;
const MAX_PROMPTS = 200;
/** The assignment or argument a literal belongs to is in the few characters before it: never more is searched. */
const CONTEXT_CHARS = 240;
/** Code languages with string literals this scanner does not tokenise (ERB views are markup, not prompt code). */
const UNREAD_LANGUAGES: ReadonlyArray<[string, RegExp]> = [
  ['Objective-C', /\.mm?$/i],
  ['C/C++', /\.(c|cc|cpp|cxx|h|hpp)$/i],
  ['Dart', /\.dart$/i],
  ['Elixir', /\.exs?$/i],
  ['Lua', /\.lua$/i],
  ['R', /\.r$/i],
  ['Julia', /\.jl$/i],
];

const PROMPT_NAME = /prompt|system|instruction|template|preamble|persona|guideline/i;
const PROMPT_ARGUMENT = /(?:\b(?:system|content|prompt|instructions?|template|system_prompt|systemPrompt|preamble)\s*(?::=|[:=]|=>)|["'](?:system|content|prompt|instructions?)["']\s*(?::|=>))\s*(?:[(\[]\s*)?$|\b(?:Add|New)?(?:System|Developer)(?:Chat)?Message\s*\(\s*$|\bChatRole\.System\s*,\s*$/i;
/** A slot filled in (`{question}`, `${reason}`): prompts have them, and so does any message text. */
const SLOT = /\{\{?\s*[A-Za-z_]\w*\s*\}\}?|\$\{[A-Za-z_]\w*\}/;
const PHRASES = [
  /\byou are\b|\byou're\b/i,
  /\bassistant\b/i,
  /\banswer\b/i,
  /\brespond\b|\breply\b|\bresponse\b/i,
  /\binstructions?\b/i,
  /\bcontext\b/i,
  /\bquestion\b/i,
  /\bdo not\b|\bdon't\b|\bnever\b/i,
  /\bstep[- ]by[- ]step\b/i,
  /\bthe user\b|\bcustomer\b/i,
  SLOT,
  /\bjson\b/i,
];
const GENERATION = /\bAutoModelForCausalLM\b|\bAutoModelForSeq2SeqLM\b|pipeline\(\s*["'](?:text-generation|text2text-generation|conversational|summarization)["']|\bLLM\(\s*model\s*=|\.chat\.completions\.create\(|\.messages\.create\(|\bGenerativeModel\(|\.generate_content\(|\bTextGenerationModel\.from_pretrained\(/;

export async function scanInlinePrompts(snapshot: Snapshot): Promise<InlinePromptScan> {
  const candidates = snapshot.files.filter((path) => CODE.test(path) && !NOT_OWN_CODE.test(path) && !TEST_CODE.test(path) && !snapshot.isSymlink(path));
  const ordered = [...candidates].sort(shallowFirst);
  const result: InlinePromptScan = { prompts: [], filesScanned: 0, notScanned: 0, generationCode: [], unreadLanguages: unreadLanguages(snapshot.files) };
  let bytes = 0;
  for (let i = 0; i < ordered.length; i++) {
    const path = ordered[i];
    if (result.filesScanned >= MAX_FILES || bytes >= BUDGET) {
      result.notScanned = ordered.length - i;
      break;
    }
    const notebook = NOTEBOOK.test(path);
    const cap = notebook ? MAX_NOTEBOOK_BYTES : MAX_FILE_BYTES;
    const size = await snapshot.sizeOf(path);
    if (size !== undefined && size > cap) {
      result.notScanned++;
      continue;
    }
    const read = await snapshot.readText(path, { maxBytes: cap });
    if (!read.ok) continue;
    result.filesScanned++;
    bytes += read.text.length;
    const sources = notebook ? notebookCells(read.text) : [{ cell: undefined, text: read.text }];
    for (const source of sources) {
      const generation = GENERATION.exec(source.text);
      if (generation && !result.generationCode.some((code) => code.path === path)) result.generationCode.push({ path, line: lineOfIndex(source.text, generation.index) });
      const found = findInlinePrompts(notebook ? 'notebook.py' : path, source.text);
      for (const prompt of found) if (result.prompts.length < MAX_PROMPTS) result.prompts.push({ ...prompt, path, ...(source.cell ? { cell: source.cell } : {}) });
    }
  }
  return result;
}

/** The code cells of a notebook (1-based cell numbers); a notebook that does not parse has none. */
export function notebookCells(text: string): Array<{ cell: number; text: string }> {
  return (cellsOf(text) ?? []).filter((cell) => cell.type === 'code' && cell.source.trim()).map((cell) => ({ cell: cell.number, text: cell.source }));
}

/** Prompt-like string literals in one file. Pure, linear in the file length. */
export function findInlinePrompts(path: string, text: string): InlinePrompt[] {
  const syntax = syntaxOf(path);
  if (!syntax) return [];
  const python = syntax.language === 'Python';
  const promptFile = /prompt/i.test(path.slice(path.lastIndexOf('/') + 1));
  const literals = joinAdjacent(text, stringLiterals(text, syntax));
  const prompts: InlinePrompt[] = [];
  // Line starts are tracked forward (literals come in order): searching back from each literal to its line start,
  // or reading the whole line prefix, made a line of many literals quadratic in their number.
  let lineStart = 0;
  let scanned = 0;
  for (const literal of literals) {
    for (let at = text.indexOf('\n', scanned); at !== -1 && at < literal.start; at = text.indexOf('\n', at + 1)) lineStart = at + 1;
    scanned = Math.max(scanned, literal.start);
    if (literal.value.length < 80) continue;
    // A URL or path template (`http://host/{id}/documents`) is long and has slots, but no sentence.
    if (!atLeast(literal.value.slice(0, 4096), WORD_GAP, 6)) continue;
    // Only the last CONTEXT_CHARS before the literal are looked at.
    const from = Math.max(lineStart, literal.start - CONTEXT_CHARS);
    const before = text.slice(from, literal.start);
    const opensLine = from === lineStart && before.trim() === '';
    // A literal alone on its line after `:` or at the start of a block is a docstring or a bare expression.
    if (python && literal.triple && opensLine && !/[(=,[+{]$/.test(previousSignificant(text, lineStart))) continue;
    // `PROMPT = (` on the line above a literal that opens its own line.
    const lineAbove = Math.max(0, lineStart - 1);
    const context = opensLine ? text.slice(startWithin(text, lineAbove, CONTEXT_CHARS), lineAbove) : before;
    const assigned = /(?<![\w$])([A-Za-z_$][\w$]*)\s*(?::[\w[\], |\s]+)?(?::=|=>|[:=])\s*(?:[(\[]\s*)?$/.exec(context);
    const name = assigned ? assigned[1] : null;
    const phrases = PHRASES.filter((phrase) => phrase.test(literal.value)).length;
    const argument = PROMPT_ARGUMENT.exec(context);
    // A chat message's `content:` is a prompt when the message is the system's; in UI code it is what the
    // screen shows (sample history, an error text), so a user or unknown role needs more than one phrase.
    const messageContent = argument !== null && /content/i.test(argument[0]) && !/\brole["']?\s*[:=]\s*["'](?:system|developer)["']/i.test(text.slice(Math.max(0, literal.start - CONTEXT_CHARS), literal.start));
    const worded = PHRASES.filter((phrase) => phrase !== SLOT && phrase.test(literal.value)).length;
    // In a file named for its prompts (PromptBuilder.cs, prompts.rb) a worded literal is one of them.
    const namedLikePrompt = (name !== null && PROMPT_NAME.test(name)) || (argument !== null && (!messageContent || worded >= 2)) || (promptFile && worded >= 2);
    // Markup the model is told to write ("You are … Format the report as <h2>…") is still a prompt.
    if (isMarkupOrBuildFile(literal.value) && !ADDRESSES_MODEL.test(literal.value.slice(0, 64 * 1024))) continue;
    if ((namedLikePrompt && phrases >= 1) || (literal.value.length >= 200 && phrases >= 3)) {
      prompts.push({ path, line: lineOfIndex(text, literal.start), length: literal.value.length, name, variables: templateVariables(literal.value.slice(0, 64 * 1024)) });
    }
  }
  return prompts;
}

/** A gap between words: six of them make a sentence, which a URL, a path or an identifier list is not. */
const WORD_GAP = /[A-Za-z,.;:?!)'"]\s+[A-Za-z(]/g;

/** A prompt speaks to the model: "You are …", "Your task …", "You must/should/will …". */
const ADDRESSES_MODEL = /\byou are\b|\byou're\b|\byour (?:task|job|role|goal)\b|\byou (?:must|should|will|need to)\b/i;
/** HTML elements a page or report template is made of (a prompt's `<context>` or `<document>` tags are not among them). */
const HTML_ELEMENT = /<\/?(?:html|head|body|div|span|p|h[1-6]|style|script|table|thead|tbody|tr|td|th|ul|ol|li|a|br|strong|em|img|section|header|footer|nav|button|meta|link|title|form|input|label)\b[^<>]{0,500}>/gi;
const CSS_RULE = /(?:^|[\s{;])(?:color|background(?:-color)?|font(?:-[a-z]+)?|margin(?:-[a-z]+)?|padding(?:-[a-z]+)?|border(?:-[a-z]+)?|display|width|height|text-align|--[\w-]+)\s*:\s*[^;{}\n]{1,100};/g;
const DOCKERFILE_LINE = /^[ \t]*(?:FROM|RUN|COPY|ADD|WORKDIR|ENV|ARG|CMD|ENTRYPOINT|EXPOSE|USER)[ \t]/gm;

/**
 * An HTML page, a stylesheet or a Dockerfile written as a string (a report template, Streamlit CSS): markup or a
 * build file, whatever its words say. Three of a kind are enough; counting stops there.
 */
function isMarkupOrBuildFile(value: string): boolean {
  const head = value.slice(0, 64 * 1024);
  return atLeast(head, HTML_ELEMENT, 3) || atLeast(head, CSS_RULE, 3) || atLeast(head, DOCKERFILE_LINE, 3);
}

function atLeast(text: string, pattern: RegExp, count: number): boolean {
  pattern.lastIndex = 0;
  let found = 0;
  while (pattern.exec(text) !== null) if (++found >= count) break;
  pattern.lastIndex = 0;
  return found >= count;
}

/** `"a" "b"` (Python implicit concatenation) and `"a" + "b"` become one literal. */
function joinAdjacent(text: string, literals: Literal[]): Literal[] {
  const out: Literal[] = [];
  for (const literal of literals) {
    const last = out[out.length - 1];
    if (last && literal.start - last.end < 200 && /^[\s+\\]*$/.test(text.slice(last.end, literal.start))) {
      last.end = literal.end;
      last.value += literal.value;
      last.triple = last.triple || literal.triple;
    } else out.push({ ...literal });
  }
  return out;
}

/** Start of the line holding `end - 1`, looking back at most `limit` characters. */
function startWithin(text: string, end: number, limit: number): number {
  const floor = Math.max(0, end - limit);
  for (let i = end - 1; i >= floor; i--) if (text.charCodeAt(i) === 10) return i + 1;
  return floor;
}

/** `Dart: 12 file(s)` for code this scanner does not tokenise (vendored and generated folders aside). */
function unreadLanguages(files: readonly string[]): Array<{ language: string; files: number }> {
  const counts = new Map<string, number>();
  for (const path of files) {
    const dot = path.lastIndexOf('.');
    if (dot === -1 || path.length - dot > 6 || NOT_OWN_CODE.test(path)) continue;
    const entry = UNREAD_LANGUAGES.find(([, pattern]) => pattern.test(path));
    if (entry) counts.set(entry[0], (counts.get(entry[0]) ?? 0) + 1);
  }
  return [...counts].map(([language, count]) => ({ language, files: count }));
}

/** The last non-blank character before `index`, skipping whitespace and newlines. */
function previousSignificant(text: string, index: number): string {
  let i = index - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return i >= 0 ? text[i] : '';
}
