// One progress line on a terminal while an audit runs, rewritten in place; nothing at all when the
// output is not a terminal or CI is set (logs stay clean).
import { plain } from '../reporters/escape.js';
import { maskCredentialsIn } from '../secrets/mask-text.js';
import type { AuditProgress } from './run-audit.js';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressDisplay {
  update(progress: AuditProgress): void;
  /** Clears the line. */
  finish(): void;
  readonly enabled: boolean;
}

export function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

export function progressDisplay(stream: ProgressStream, env: NodeJS.ProcessEnv = process.env): ProgressDisplay {
  const enabled = Boolean(stream.isTTY) && !isCi(env);
  let shown = false;
  return {
    enabled,
    update(progress) {
      if (!enabled) return;
      // A terminal that reports no width (0, as some pseudo-terminals do) is taken as 80 columns.
    const width = Math.max(20, (stream.columns || 80) - 1);
      const failed = progress.finished?.status === 'error' ? ` · ${plain(progress.finished.name, 40)} failed` : '';
      const names = progress.running.map((name) => plain(name, 40)).join(', ');
      // Names come from the engagement list or an organisation's repositories: masked like a report.
      const line = maskCredentialsIn(`audit [${progress.done}/${progress.total}]${names ? ` scanning ${names}` : ''}${failed}`);
      stream.write(`\r\u001b[2K${line.length > width ? line.slice(0, width - 1) + '…' : line}`);
      shown = true;
    },
    finish() {
      if (enabled && shown) stream.write('\r\u001b[2K');
      shown = false;
    },
  };
}
