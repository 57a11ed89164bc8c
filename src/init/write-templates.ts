// Writes planned templates into the target folder: never over an existing file (exclusive create), never
// into a folder that a symbolic link leads out of the target.
import { lstatSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PlannedAction } from './plan-init.js';

export class InitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InitError';
  }
}

/** Whether anything (a file, a folder, a link, even a dangling one) sits at a path relative to the root. */
export function existsIn(root: string, relative: string): boolean {
  try {
    return lstatSync(path.join(root, ...relative.split('/')), { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false; // a file where a folder should be (ENOTDIR): writing will say so
  }
}

/** Writes every `write` action; a file that appeared meanwhile is kept, and the action says so. */
export function writeTemplates(root: string, actions: readonly PlannedAction[]): PlannedAction[] {
  const realRoot = realpathSync(root);
  return actions.map((action) => {
    if (action.kind !== 'write') return action;
    const segments = action.template.path.split('/');
    const folder = ensureFolderInside(realRoot, segments.slice(0, -1), action.template.path);
    try {
      writeFileSync(path.join(folder, segments[segments.length - 1]), action.template.content, { flag: 'wx' });
      return action;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { kind: 'keep', template: action.template } satisfies PlannedAction;
      throw new InitError(`cannot write ${action.template.path}: ${(error as Error).message}`);
    }
  });
}

/** Creates the folders one level at a time, checking each existing one resolves inside the root. */
function ensureFolderInside(realRoot: string, segments: readonly string[], file: string): string {
  let current = realRoot;
  for (const segment of segments) {
    const next = path.join(current, segment);
    const stat = lstatSync(next, { throwIfNoEntry: false });
    if (!stat) mkdirSync(next);
    else if (stat.isSymbolicLink() || !stat.isDirectory()) {
      const real = realpathSafe(next);
      if (!real || (real !== realRoot && !real.startsWith(realRoot + path.sep)) || !lstatSync(real).isDirectory()) {
        throw new InitError(`not writing ${file}: ${path.relative(realRoot, next)} is not a folder inside the target (a file, or a symbolic link leading out)`);
      }
    }
    current = realpathSync(next);
  }
  return current;
}

function realpathSafe(target: string): string | null {
  try {
    return realpathSync(target);
  } catch {
    return null;
  }
}
