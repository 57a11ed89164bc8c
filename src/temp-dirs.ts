// Temporary folders that survive nothing: removed when their owner is done, and on exit or on SIGINT,
// SIGTERM and SIGHUP if the scan is stopped first (clones, git output files).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TempDir {
  dir: string;
  /** Aborted when the folder is removed (git processes writing into it are stopped). */
  abort: AbortController;
  /** Removes the folder. Safe to call twice. */
  remove(): Promise<void>;
}

const live = new Map<string, AbortController>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let handlersInstalled = false;

/** Temporary folders that exist right now (for tests and diagnostics). */
export function liveTempDirs(): string[] {
  return [...live.keys()];
}

/** A new empty folder named `<prefix>XXXXXX` under `parent` (default: the OS temp folder). */
export function createTempDir(prefix: string, parent = os.tmpdir()): TempDir {
  const dir = mkdtempSync(path.join(parent, prefix));
  const abort = new AbortController();
  live.set(dir, abort);
  installHandlers();
  let removed: Promise<void> | undefined;
  const remove = () => {
    removed ??= (async () => {
      abort.abort();
      removeSync(dir);
      live.delete(dir);
      if (live.size === 0) uninstallHandlers();
    })();
    return removed;
  };
  return { dir, abort, remove };
}

function removeSync(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  } catch {
    // Last resort: an 'exit' handler tries again.
  }
}

function removeAllNow(): void {
  for (const [dir, abort] of live) {
    abort.abort();
    removeSync(dir);
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeAllNow();
  uninstallHandlers();
  // Nobody else handles it: die of the signal as if we had not been listening.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function onExit(): void {
  removeAllNow();
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstallHandlers(): void {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  process.removeListener('exit', onExit);
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
}
