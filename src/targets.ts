// Turns what the user typed (a folder, later a git URL or github:owner/repo) into a Snapshot.
import { statSync } from 'node:fs';
import { GitRepositoryHistory } from './git/history.js';
import { LocalDirectorySource } from './snapshot/local-source.js';
import { Snapshot } from './snapshot/snapshot.js';
import type { FileSource } from './snapshot/source.js';

export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

export interface OpenTargetOptions {
  ref?: string;
  readCap?: number;
}

export interface OpenedTarget {
  snapshot: Snapshot;
  source: FileSource;
  /** Removes temporary clones; always call it, also on failure. */
  close(): Promise<void>;
}

export async function openTarget(spec: string, options: OpenTargetOptions = {}): Promise<OpenedTarget> {
  let stat;
  try {
    stat = statSync(spec);
  } catch {
    throw new TargetError(`target not found: ${spec} (expected a folder)`);
  }
  if (!stat.isDirectory()) throw new TargetError(`target is not a folder: ${spec}`);
  if (options.ref) throw new TargetError('--ref is not supported for this target yet');
  const source = new LocalDirectorySource(spec);
  const git = await GitRepositoryHistory.open(spec);
  const snapshot = await Snapshot.fromSource(source, { git, readCap: options.readCap });
  return { snapshot, source, close: async () => {} };
}
