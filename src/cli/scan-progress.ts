// One progress line on a terminal while a scan runs (listing, then each check as it finishes), rewritten in
// place and cleared at the end; nothing at all when stderr is not a terminal, CI is set or the terminal is
// `TERM=dumb` (which cannot erase a line), so logs, pipes and reports stay clean. A large delivery takes seconds to list and judge: the user sees it move.
import { isCi, type ProgressStream } from '../audit/progress.js';

export interface ScanProgress {
  listing(): void;
  listed(files: number): void;
  checkDone(id: string, done: number, total: number): void;
  /** Clears the line. */
  finish(): void;
  readonly enabled: boolean;
}

export function scanProgress(stream: ProgressStream, env: NodeJS.ProcessEnv = process.env, now: () => number = Date.now): ScanProgress {
  const enabled = Boolean(stream.isTTY) && !isCi(env) && env.TERM !== 'dumb';
  const started = now();
  let files = 0;
  let shown = false;
  const show = (line: string) => {
    if (!enabled) return;
    // A terminal that reports no width (0, as some pseudo-terminals do) is taken as 80 columns.
    const width = Math.max(20, (stream.columns || 80) - 1);
    stream.write(`\r\u001b[2K${line.length > width ? line.slice(0, width - 1) + '…' : line}`);
    shown = true;
  };
  const seconds = () => `${((now() - started) / 1000).toFixed(1)} s`;
  return {
    enabled,
    listing: () => show('scan: listing files…'),
    listed(count) {
      files = count;
      show(`scan: ${count.toLocaleString('en-US')} files listed (${seconds()}); judging…`);
    },
    // Check ids are the tool's own (built-in or the buyer's policy), never text from the scanned repository.
    checkDone: (id, done, total) => show(`scan: ${files.toLocaleString('en-US')} files · checks ${done}/${total} · ${id} done (${seconds()})`),
    finish() {
      if (enabled && shown) stream.write('\r\u001b[2K');
      shown = false;
    },
  };
}
