// What git resolves a revision to, through one long-running `git cat-file --batch-check` instead of one
// process per question (checking two hundred run commits spawned two hundred gits). The process holds the
// program open only while a question is pending, so nobody has to close it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { SAFE_GIT_CONFIG, safeGitEnvironment } from './safe-git.js';

export interface ObjectInfo {
  oid: string;
  type: string;
  size: number;
}

export class GitBatchCheck {
  private readonly gitDir: () => Promise<string>;
  private process: ChildProcessWithoutNullStreams | null = null;
  private readonly queue: Array<(info: ObjectInfo | null) => void> = [];
  private buffered = '';
  /** Set when git could not answer (would not start, or died): a null answer then means "unknown", not "missing". */
  failure: string | undefined;

  /** `gitDir` is asked once, when the first question comes. */
  constructor(gitDir: () => Promise<string>) {
    this.gitDir = gitDir;
  }

  /** Type, id and size of what `revision` names (e.g. `abc1234^{commit}`), or null when git has no answer. */
  async info(revision: string): Promise<ObjectInfo | null> {
    if (/[\n\r\0]/.test(revision)) return null;
    let child: ChildProcessWithoutNullStreams;
    try {
      child = await this.ensureProcess();
    } catch (error) {
      this.failure ??= `cannot run git cat-file: ${(error as Error)?.message ?? error}`;
      return null;
    }
    return new Promise((resolve) => {
      if (this.queue.length === 0) hold(child, true);
      this.queue.push(resolve);
      child.stdin.write(`${revision}\n`);
    });
  }

  private processStart: Promise<ChildProcessWithoutNullStreams> | null = null;

  private ensureProcess(): Promise<ChildProcessWithoutNullStreams> {
    if (this.process) return Promise.resolve(this.process);
    this.processStart ??= this.gitDir().then((gitDir) => {
      const args = [...SAFE_GIT_CONFIG.flatMap((setting) => ['-c', setting]), '--git-dir', gitDir, 'cat-file', '--batch-check'];
      // In the git directory: git reads `.gitattributes` relative to where it runs.
      const child = spawn('git', args, { cwd: gitDir, env: safeGitEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => this.consume(child, chunk));
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < 2000) stderr += chunk.toString('utf8');
      });
      child.stdin.on('error', () => {}); // EPIPE when git died: reported through 'close'
      const ended = (reason: string | null) => {
        if (this.process === child) this.process = null;
        this.processStart = null;
        const unanswered = this.queue.splice(0);
        // Questions left unanswered, or an exit that is not the idle close: git failed, the commits are unknown.
        if (reason !== null && (unanswered.length > 0 || reason !== 'exit 0')) this.failure ??= `git cat-file ended (${reason})${stderr ? `: ${stderr.trim().split('\n')[0].slice(0, 200)}` : ''}`;
        for (const resolve of unanswered) resolve(null);
      };
      child.on('error', (error) => ended(error.message));
      child.on('close', (code, signal) => ended(code !== null ? `exit ${code}` : `signal ${signal}`));
      hold(child, false);
      this.process = child;
      this.buffered = '';
      return child;
    });
    return this.processStart;
  }

  // One line per question, in order: "<oid> <type> <size>", or "<revision> missing" / "ambiguous".
  private consume(child: ChildProcessWithoutNullStreams, chunk: string): void {
    this.buffered += chunk;
    let newline: number;
    while ((newline = this.buffered.indexOf('\n')) !== -1) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      const resolve = this.queue.shift();
      const match = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(line);
      resolve?.(match ? { oid: match[1], type: match[2], size: Number(match[3]) } : null);
    }
    if (this.queue.length === 0) hold(child, false);
  }
}

/** Keeps the program alive for the process only while it owes an answer. */
function hold(child: ChildProcessWithoutNullStreams, keep: boolean): void {
  for (const handle of [child, child.stdin, child.stdout, child.stderr] as Array<{ ref(): unknown; unref(): unknown }>) {
    if (keep) handle.ref();
    else handle.unref();
  }
}
