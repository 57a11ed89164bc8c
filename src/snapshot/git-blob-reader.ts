// Reads blobs by object id through one long-running `git cat-file --batch`: one process per scan,
// not one per file. Only ids whose size is already known to fit the caller's cap are ever asked for.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { safeGitEnvironment } from '../git/safe-git.js';
import { safeConfigArgs } from './safe-git-process.js';

interface PendingRead {
  oid: string;
  resolve: (bytes: Uint8Array) => void;
  reject: (error: Error) => void;
}

const OID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

export class GitBlobReader {
  /** The checked git directory (src/git/git-directory.ts): git is told it, never left to discover one. */
  private readonly gitDir: string;
  private readonly timeoutMs: number;
  private process: ChildProcessWithoutNullStreams | null = null;
  private readonly queue: PendingRead[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes the current response still needs (content + trailing LF), or -1 while waiting for a header. */
  private expected = -1;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  reads = 0;

  constructor(gitDir: string, options: { timeoutMs?: number } = {}) {
    this.gitDir = gitDir;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** The blob's bytes. Reject ids not known to be present locally: a missing one ends the batch process. */
  read(oid: string): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new Error('blob reader is closed'));
    if (!OID.test(oid)) return Promise.reject(new Error(`not an object id: ${oid}`));
    return new Promise((resolve, reject) => {
      const child = this.ensureProcess();
      this.queue.push({ oid, resolve, reject });
      this.reads++;
      this.armTimer();
      writeBatched(child, `${oid}\n`);
    });
  }

  /** Ends the batch process; pending reads fail. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    const child = this.process;
    this.fail(new Error('blob reader closed'));
    if (!child) return;
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 2_000);
      child.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      child.stdin.end();
      child.kill('SIGTERM');
    });
  }

  private ensureProcess(): ChildProcessWithoutNullStreams {
    if (this.process) return this.process;
    const child = spawn('git', [...safeConfigArgs(), 'cat-file', '--batch'], {
      cwd: this.gitDir,
      env: safeGitEnvironment(process.env, { gitDir: this.gitDir }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString('utf8');
    });
    child.stdout.on('data', (chunk: Buffer) => this.consume(chunk));
    child.stdin.on('error', () => {}); // EPIPE when git died: reported through 'close'
    child.on('error', (error) => this.onExit(child, `cannot run git cat-file: ${error.message}`));
    child.on('close', (code) => this.onExit(child, `git cat-file ended (${code ?? 'signal'})${stderr ? `: ${stderr.trim().split('\n')[0]}` : ''}`));
    this.process = child;
    this.resetParser();
    return child;
  }

  private onExit(child: ChildProcessWithoutNullStreams, message: string): void {
    if (this.process !== child) return;
    this.process = null;
    this.fail(new Error(message));
  }

  private fail(error: Error): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const pending of this.queue.splice(0)) pending.reject(error);
    this.resetParser();
  }

  private resetParser(): void {
    this.chunks = [];
    this.buffered = 0;
    this.expected = -1;
  }

  private armTimer(): void {
    clearTimeout(this.timer);
    if (this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      const child = this.process;
      this.process = null;
      this.fail(new Error(`git cat-file did not answer within ${this.timeoutMs} ms`));
      child?.kill('SIGKILL');
    }, this.timeoutMs);
    this.timer.unref?.();
  }

  // Response framing: "<oid> blob <size>\n<size bytes>\n", or "<oid> missing\n".
  private consume(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.expected === -1) {
        const data = this.flatten();
        const newline = data.indexOf(0x0a);
        if (newline === -1) return;
        const header = data.subarray(0, newline).toString('utf8');
        this.setRest(data.subarray(newline + 1));
        const pending = this.queue[0];
        const match = /^([0-9a-f]+) (\S+) (\d+)$/.exec(header);
        if (!match) {
          this.queue.shift()?.reject(new Error(`object not available: ${header}`));
          this.armTimer();
          continue;
        }
        if (pending && match[1] !== pending.oid) {
          this.fail(new Error(`git cat-file answered ${match[1]} for ${pending.oid}`));
          this.process?.kill('SIGKILL');
          return;
        }
        this.expected = Number(match[3]) + 1;
        continue;
      }
      if (this.buffered < this.expected) return;
      const data = this.flatten();
      const bytes = Uint8Array.prototype.slice.call(data, 0, this.expected - 1) as Uint8Array;
      this.setRest(data.subarray(this.expected));
      this.expected = -1;
      this.queue.shift()?.resolve(bytes);
      this.armTimer();
    }
  }

  private flatten(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private setRest(rest: Buffer): void {
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
  }
}

/**
 * Requests made in the same tick (a check reading 32 files at once) go to git in one write: one system
 * call instead of one per file.
 */
export function writeBatched(child: ChildProcessWithoutNullStreams, line: string): void {
  if (child.stdin.writableCorked === 0) {
    child.stdin.cork();
    process.nextTick(() => child.stdin.uncork());
  }
  child.stdin.write(line);
}
