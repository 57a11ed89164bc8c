// Sizes of git objects through one long-running `git cat-file --batch-check`, asked only for the files a check
// sizes or reads. Listing sizes up front (`ls-tree --long`) opens every blob: in a repository of loose
// objects that cost six times the listing itself.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { safeGitEnvironment } from '../git/safe-git.js';
import { writeBatched } from './git-blob-reader.js';
import { safeConfigArgs } from './safe-git-process.js';

const OID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

export class GitObjectSizes {
  /** The checked git directory (src/git/git-directory.ts). */
  private readonly gitDir: string;
  private process: ChildProcessWithoutNullStreams | null = null;
  private readonly queue: Array<{ oid: string; resolve: (size: number | undefined) => void }> = [];
  private buffered = '';
  private closed = false;

  constructor(gitDir: string) {
    this.gitDir = gitDir;
  }

  /** The object's size in bytes, or undefined when git does not have it (or cannot answer). */
  size(oid: string): Promise<number | undefined> {
    if (this.closed || !OID.test(oid)) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const child = this.ensureProcess();
      this.queue.push({ oid, resolve });
      writeBatched(child, `${oid}\n`);
    });
  }

  /** Ends the process; pending questions get undefined. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    const child = this.process;
    this.fail();
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      // A git that does not end with its input (stuck opening an object) is killed, as the blob reader does.
      const force = setTimeout(() => child.kill('SIGKILL'), 2_000);
      child.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      child.stdin.end();
    });
  }

  private ensureProcess(): ChildProcessWithoutNullStreams {
    if (this.process) return this.process;
    const child = spawn('git', [...safeConfigArgs(), 'cat-file', '--batch-check'], { cwd: this.gitDir, env: safeGitEnvironment(process.env, { gitDir: this.gitDir }), stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.consume(chunk));
    child.stderr.resume();
    child.stdin.on('error', () => {}); // EPIPE when git died: reported through 'close'
    child.on('error', () => this.onExit(child));
    child.on('close', () => this.onExit(child));
    this.process = child;
    this.buffered = '';
    return child;
  }

  // One line per question, in order: "<oid> <type> <size>" or "<oid> missing".
  private consume(chunk: string): void {
    this.buffered += chunk;
    let newline: number;
    while ((newline = this.buffered.indexOf('\n')) !== -1) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      const pending = this.queue.shift();
      if (!pending) continue;
      const match = /^([0-9a-f]+) \S+ (\d+)$/.exec(line);
      pending.resolve(match && match[1] === pending.oid ? Number(match[2]) : undefined);
    }
  }

  private onExit(child: ChildProcessWithoutNullStreams): void {
    if (this.process !== child) return;
    this.process = null;
    this.fail();
  }

  private fail(): void {
    for (const pending of this.queue.splice(0)) pending.resolve(undefined);
  }
}
