// What a shell command line in documentation points at inside the repository: scripts it runs, files it
// passes, Make targets, `python -m` modules and DVC stages. Pure and linear: text in, references out.
// Only things that look repo-relative are returned; system tools (`kubectl`, `/usr/bin/env`) never are.

export type ShellReferenceKind = 'path' | 'make-target' | 'python-module' | 'dvc-stage';

export interface ShellReference {
  kind: ShellReferenceKind;
  /** Repo-relative path, Make target, dotted module name or DVC stage name (null: default target / whole pipeline). */
  target: string | null;
  /** The command as written, trimmed, for messages. */
  command: string;
  /** For paths: the file is executed (a script), not just passed along. */
  executed?: boolean;
  /** `make -C dir` / `-f file`, or `dvc repro path/dvc.yaml:stage`: where the target must be defined. */
  definedIn?: string;
}

const MAX_LINE = 2000;
const MAX_TOKENS = 200;
const SCRIPT_EXTENSIONS = /\.(sh|bash|zsh|py|r|rb|pl|js|mjs|cjs|ts|ps1|ipynb)$/i;
const CONFIG_EXTENSIONS = /\.(ya?ml|json|toml|cfg|ini|conf|sql)$/i;
/** Folders that hold what a command produces or pulls (DVC outputs, models, data), not what git ships. */
const OUTPUT_FOLDERS = new Set(['reports', 'report', 'outputs', 'output', 'out', 'artifacts', 'logs', 'log', 'tmp', 'temp', 'mlruns', 'build', 'dist', 'results', '.cache', 'wandb', 'models', 'model', 'data', 'checkpoints']);
const PATH_FLAGS = new Set(['-f', '--filename', '--file', '--config', '--config-file', '--configfile', '--values', '--params', '--params-file', '--manifest', '--kustomize', '-k']);
const INTERPRETERS = /^(python(\d(\.\d+)?)?|py|bash|sh|zsh|source|\.|rscript|node|ts-node|tsx|deno|ruby|perl|papermill|pwsh)$/i;
const WRAPPERS = new Set(['sudo', 'time', 'nohup', 'exec', 'command', 'nice', 'caffeinate', 'xargs']);
/** `uv run`, `poetry run`, … : the real command follows. */
const RUNNERS = new Set(['uv', 'poetry', 'pipenv', 'pdm', 'hatch', 'rye']);

/** References in one command line (may hold `&&`, `;`, `|`). */
export function referencesInCommandLine(line: string): ShellReference[] {
  const capped = line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
  // `<mlflow run id>`-style placeholders become one token that is never a reference.
  const text = capped.replace(/<[^<>\n]{1,80}>/g, '<placeholder>');
  const references: ShellReference[] = [];
  for (const command of splitCommands(tokenize(text))) analyseCommand(command, references);
  return references;
}

/**
 * Logical command lines of a shell snippet with their 0-based line offsets: `\` continuations joined,
 * comments dropped, console prompts (`$ `) stripped; in a transcript only prompted lines are commands.
 */
export function commandLines(snippet: string): Array<{ text: string; offset: number }> {
  const lines = snippet.split('\n');
  const transcript = lines.some((line) => /^\s*[$%]\s/.test(line));
  const result: Array<{ text: string; offset: number }> = [];
  let pending: { text: string; offset: number } | null = null;
  for (let i = 0; i < lines.length && i < 5000; i++) {
    let raw = lines[i];
    if (!pending) {
      if (transcript) {
        const prompt = /^\s*[$%]\s+/.exec(raw);
        if (!prompt) continue;
        raw = raw.slice(prompt[0].length);
      }
      if (/^\s*(#|\/\/|$)/.test(raw)) continue;
    }
    const continued = /\\\s*$/.test(raw);
    const part = continued ? raw.replace(/\\\s*$/, ' ') : raw;
    if (pending) pending.text += ' ' + part.trim();
    else pending = { text: part.trim(), offset: i };
    if (!continued) {
      result.push(pending);
      pending = null;
    }
  }
  if (pending) result.push(pending);
  return result;
}

/** True when a token plausibly names something inside the repository. */
export function looksRepoRelative(token: string): boolean {
  if (token.length === 0 || token.length > 200) return false;
  if (/[\s$<>{}*?~`'"|;&=@:\\]/.test(token)) return false; // variables, placeholders, globs, URLs, specs
  if (token.startsWith('/') || token.startsWith('-')) return false;
  return true;
}

/** `./a/../b.sh` -> `b.sh`; null when the path climbs out of the repository. */
export function normaliseRepoPath(token: string): string | null {
  const parts: string[] = [];
  for (const part of token.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length ? parts.join('/') : null;
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: string | null = null;
  let started = false;
  const flush = () => {
    if (started) tokens.push(current);
    current = '';
    started = false;
  };
  for (let i = 0; i < text.length && tokens.length < MAX_TOKENS; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch; // quoted text keeps its spaces, so a quoted phrase is never taken for a path
      started = true;
      continue;
    }
    if (ch === '#' && !started) break; // comment
    if (/\s/.test(ch)) {
      flush();
      continue;
    }
    if (ch === ';' || ch === '|' || ch === '&' || ch === '(' || ch === ')') {
      flush();
      tokens.push(ch);
      while (text[i + 1] === ch) i++;
      continue;
    }
    current += ch;
    started = true;
  }
  flush();
  return tokens;
}

function splitCommands(tokens: string[]): string[][] {
  const commands: string[][] = [];
  let current: string[] = [];
  for (const token of tokens) {
    if (token === ';' || token === '|' || token === '&' || token === '(' || token === ')') {
      if (current.length) commands.push(current);
      current = [];
    } else current.push(token);
  }
  if (current.length) commands.push(current);
  return commands;
}

function analyseCommand(input: string[], out: ShellReference[]): void {
  const tokens = dropRedirections(input);
  let i = 0;
  // Leading environment assignments and wrappers (`FOO=1 sudo -E uv run python …`).
  for (;;) {
    const token = tokens[i];
    if (token === undefined) return;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(token)) i++;
    else if (WRAPPERS.has(token)) {
      i++;
      while (tokens[i]?.startsWith('-')) i++;
    } else if (token === 'env') i++;
    else if (RUNNERS.has(token) && tokens[i + 1] === 'run') {
      i += 2;
      while (tokens[i]?.startsWith('-')) i += tokens[i] === '--with' || tokens[i] === '--env-file' ? 2 : 1;
    } else if (token === 'conda' && tokens[i + 1] === 'run') {
      i += 2;
      while (tokens[i]?.startsWith('-')) i += /^(-n|--name|-p|--prefix)$/.test(tokens[i]) ? 2 : 1;
    } else break;
  }
  const command = tokens.slice(i).join(' ');
  const head = tokens[i];
  const args = tokens.slice(i + 1);
  if (head === 'make' || head === 'gmake') return makeReferences(args, command, out);
  if (head === 'dvc') return dvcReferences(args, command, out);
  if (INTERPRETERS.test(head)) return interpreterReferences(head, args, command, out);
  if (head.includes('/') && looksRepoRelative(head)) {
    const path = normaliseRepoPath(head);
    if (path) out.push({ kind: 'path', target: path, command, executed: true });
  }
  argumentReferences(args, command, out);
}

function dropRedirections(tokens: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (/^\d*[<>]+&?\d*$/.test(token)) {
      i++; // `> file`: the next token is the redirect target
      continue;
    }
    if (/^\d*[<>]/.test(token)) continue; // `>file`, `2>&1`
    kept.push(token);
  }
  return kept;
}

function makeReferences(args: string[], command: string, out: ShellReference[]): void {
  let directory: string | undefined;
  let file: string | undefined;
  const targets: string[] = [];
  for (let j = 0; j < args.length; j++) {
    const arg = args[j];
    if (arg === '-C' || arg === '--directory') directory = args[++j];
    else if (arg.startsWith('--directory=')) directory = arg.slice('--directory='.length);
    else if (arg === '-f' || arg === '--file' || arg === '--makefile') file = args[++j];
    else if (arg === '-j' || arg === '-l' || arg === '-o' || arg === '-W') {
      if (/^\d+$/.test(args[j + 1] ?? '') || arg !== '-j') j++;
    } else if (arg.startsWith('-') || arg.includes('=')) continue;
    else targets.push(arg);
  }
  if (directory !== undefined && !looksRepoRelative(directory)) return; // `make -C $DIR`: cannot tell
  if (file !== undefined && !looksRepoRelative(file)) return;
  const base = directory ? normaliseRepoPath(directory) : null;
  const definedIn = file ? normaliseRepoPath(base ? `${base}/${file}` : file) ?? undefined : base ? `${base}/` : undefined;
  if (targets.length === 0) out.push({ kind: 'make-target', target: null, command, definedIn });
  for (const target of targets) {
    if (/^[A-Za-z0-9_.\-/]+$/.test(target)) out.push({ kind: 'make-target', target, command, definedIn });
  }
}

function dvcReferences(args: string[], command: string, out: ShellReference[]): void {
  const sub = args[0];
  const rest = sub === 'exp' && args[1] === 'run' ? args.slice(2) : sub === 'repro' ? args.slice(1) : null;
  if (!rest) return;
  const stages: string[] = [];
  for (let j = 0; j < rest.length; j++) {
    const arg = rest[j];
    if (arg === '-S' || arg === '--set-param' || arg === '-n' || arg === '--name' || arg === '-m' || arg === '--message') j++;
    else if (arg.startsWith('-')) continue;
    else stages.push(arg);
  }
  if (stages.length === 0) out.push({ kind: 'dvc-stage', target: null, command });
  for (const stage of stages) {
    // `path/to/dvc.yaml:stage`, `path/to/dvc.yaml`, or `stage` (matrix stages: `train@small`).
    const colon = stage.lastIndexOf(':');
    const file = colon > 0 ? stage.slice(0, colon) : stage.endsWith('dvc.yaml') ? stage : undefined;
    const name = colon > 0 ? stage.slice(colon + 1) : stage.endsWith('dvc.yaml') ? null : stage;
    if (name !== null && !/^[A-Za-z0-9_.\-@]+$/.test(name)) continue;
    if (file !== undefined && !looksRepoRelative(file)) continue;
    const definedIn = file !== undefined ? normaliseRepoPath(file) ?? undefined : undefined;
    out.push({ kind: 'dvc-stage', target: name ? name.split('@')[0] : null, command, definedIn });
  }
}

function interpreterReferences(head: string, args: string[], command: string, out: ShellReference[]): void {
  const python = /^(python|py)/i.test(head);
  for (let j = 0; j < args.length; j++) {
    const arg = args[j];
    if (python && arg === '-m') {
      const module = args[j + 1];
      if (module && /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(module)) out.push({ kind: 'python-module', target: module, command });
      argumentReferences(args.slice(j + 2), command, out); // the module's own arguments
      return;
    }
    if (arg === '-c' || arg === '-e') return; // inline program text, not a file
    if (python && (arg === '-X' || arg === '-W')) {
      j++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    if (looksRepoRelative(arg) && (arg.includes('/') || SCRIPT_EXTENSIONS.test(arg))) {
      const path = normaliseRepoPath(arg);
      if (path) out.push({ kind: 'path', target: path, command, executed: true });
    }
    // Everything after the script is the script's own arguments.
    argumentReferences(args.slice(j + 1), command, out);
    return;
  }
}

/** Arguments of any command: `./x`, `-f path.yaml`, and `dir/file.ext` with a script or config extension. */
function argumentReferences(args: string[], command: string, out: ShellReference[]): void {
  for (let j = 0; j < args.length; j++) {
    let arg = args[j];
    let viaFlag = false;
    if (PATH_FLAGS.has(arg)) {
      arg = args[++j] ?? '';
      viaFlag = true;
    } else if (/^--[a-z-]+=/.test(arg) && PATH_FLAGS.has(arg.slice(0, arg.indexOf('=')))) {
      arg = arg.slice(arg.indexOf('=') + 1);
      viaFlag = true;
    }
    if (!looksRepoRelative(arg)) continue;
    const explicit = arg.startsWith('./') || arg.startsWith('../');
    const hasExtension = SCRIPT_EXTENSIONS.test(arg) || CONFIG_EXTENSIONS.test(arg);
    if (!explicit && !(hasExtension && (arg.includes('/') || viaFlag))) continue;
    const path = normaliseRepoPath(arg);
    if (!path || (!explicit && OUTPUT_FOLDERS.has(path.split('/')[0].toLowerCase()))) continue;
    out.push({ kind: 'path', target: path, command });
  }
}

/** A single inline code span that is a bare path (`scripts/rollback.sh`, `monitoring/alerts.yml`). */
export function referenceInPathSpan(span: string): ShellReference | null {
  const token = span.trim();
  if (!looksRepoRelative(token) || !token.includes('/')) return null;
  const explicit = token.startsWith('./') || token.startsWith('../');
  if (!explicit && !SCRIPT_EXTENSIONS.test(token) && !CONFIG_EXTENSIONS.test(token)) return null;
  const path = normaliseRepoPath(token);
  if (!path || (!explicit && OUTPUT_FOLDERS.has(path.split('/')[0].toLowerCase()))) return null;
  return { kind: 'path', target: path, command: token, executed: SCRIPT_EXTENSIONS.test(token) };
}
