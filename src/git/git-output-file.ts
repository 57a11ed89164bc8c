// Runs a git command that writes its output to a temporary file (`--output`) instead of a pipe, then hands
// the file back in chunks. Why: a pipe holds 64 KiB, and while the scan's own thread is busy judging other
// checks nobody drains it, so git stalls and its work lands at the end of the scan. Written to a file, git
// runs on its own core from start to finish and the output is there when the scan wants it.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { createTempDir } from '../temp-dirs.js';
import { SAFE_GIT_CONFIG, safeGitEnvironment } from './safe-git.js';

/**
 * Output is decoded in pieces this size by default, the size a pipe delivers. Measured on the benchmark's ref
 * scan: 1 MiB pieces raised peak RSS from 266 to 336 MB (parsed lines are slices that keep their piece alive)
 * and were no faster.
 */
const PIECE_BYTES = 64 * 1024;

export interface GitFileRun {
  /** Bytes of output kept (at most `maxBytes`). */
  bytes: number;
  /** True when `maxBytes` stopped git before it finished. */
  capped: boolean;
  /** git's first error line, when it failed for another reason (what it wrote before still counts). */
  error?: string;
  /**
   * The output as UTF-8 text (invalid bytes replaced), in order, in pieces decoded from at most `pieceBytes`
   * bytes each, letting other work run in between.
   */
  texts(pieceBytes?: number): AsyncGenerator<string>;
  /** Deletes the temporary file. Safe to call twice. */
  dispose(): void;
}

export interface GitFileOptions {
  /** Stop git once its output reaches this many bytes. */
  maxBytes: number;
  /** Stop git when its output has not grown for this long. */
  idleMs: number;
  /** How often the output's size is looked at (default 25 ms). */
  pollMs?: number;
  /** Kills git when this aborts (the scan's deadline); what it wrote before still counts. */
  abort?: AbortSignal;
}

/**
 * Runs `git <safe config> <args> --output=<temp file>` (args must be for a command that takes diff options,
 * e.g. `log`) with the safe environment. Resolves when git has exited or was stopped at the cap.
 */
export function runGitToFile(args: readonly string[], options: GitFileOptions): Promise<GitFileRun> {
  // Removed by its owner, or on exit and on a stopping signal (git is then stopped too).
  let folder: ReturnType<typeof createTempDir>;
  try {
    folder = createTempDir('ml-handover-git-');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException)?.code ?? 'error';
    return Promise.resolve({ bytes: 0, capped: false, error: `cannot create a temporary file (${reason})`, texts: async function* () {}, dispose: () => {} });
  }
  const file = path.join(folder.dir, 'output');
  const dispose = () => void folder.remove();
  return new Promise<GitFileRun>((resolve) => {
    // Before a `--` (what follows it are paths).
    const dashes = args.indexOf('--');
    const output = `--output=${file}`;
    const argv = [...SAFE_GIT_CONFIG.flatMap((setting) => ['-c', setting]), ...(dashes === -1 ? [...args, output] : [...args.slice(0, dashes), output, ...args.slice(dashes)])];
    // Run in the temporary folder: git reads `.gitattributes` from the folder it runs in (as the work tree's
    // top when given only a git directory), and ours holds none. Run in the scanner's folder, the buyer's
    // checkout could mark every file binary; run in the vendor's git directory, the vendor could.
    const child = spawn('git', argv, { cwd: folder.dir, env: safeGitEnvironment(), stdio: ['ignore', 'ignore', 'pipe'], signal: folder.abort.signal, killSignal: 'SIGKILL' });
    let stderr = '';
    let capped = false;
    let lastSize = 0;
    let lastGrowth = Date.now();
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString('utf8');
    });
    // The size is polled: a late tick only lets the file overshoot the cap a little, and it is read to
    // the cap and no further.
    const poll = setInterval(() => {
      const size = sizeOf(file);
      if (size !== lastSize) {
        lastSize = size;
        lastGrowth = Date.now();
      }
      if (size >= options.maxBytes && !capped) {
        capped = true;
        child.kill('SIGTERM');
      } else if (Date.now() - lastGrowth > options.idleMs) child.kill('SIGKILL');
    }, options.pollMs ?? 25);
    const stop = () => child.kill('SIGKILL');
    if (options.abort?.aborted) stop();
    else options.abort?.addEventListener('abort', stop, { once: true });
    const finish = (error: string | undefined) => {
      clearInterval(poll);
      options.abort?.removeEventListener('abort', stop);
      const size = sizeOf(file);
      if (size >= options.maxBytes) capped = true;
      const bytes = Math.min(size, options.maxBytes);
      const run: GitFileRun = { bytes, capped, texts: (pieceBytes) => readTexts(file, bytes, pieceBytes ?? PIECE_BYTES), dispose };
      if (error && !capped) run.error = error;
      resolve(run);
    };
    child.on('error', (failure) => finish(failure.message));
    child.on('close', (code, signal) => finish(code === 0 ? undefined : (stderr.trim().split('\n')[0] || `git ${args.find((arg) => !arg.startsWith('-')) ?? ''} exited ${code ?? signal}`).slice(0, 300)));
  });
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

async function* readTexts(file: string, bytes: number, pieceBytes: number): AsyncGenerator<string> {
  if (bytes === 0) return;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return; // git wrote nothing
  }
  try {
    for (let position = 0; position < bytes; ) {
      const buffer = Buffer.allocUnsafe(Math.min(pieceBytes, bytes - position));
      const read = readSync(fd, buffer, 0, buffer.length, position);
      if (read === 0) break;
      position += read;
      yield decoder.decode(buffer.subarray(0, read), { stream: true });
      // Between chunks, the scan's other checks get their turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    closeSync(fd);
  }
}
