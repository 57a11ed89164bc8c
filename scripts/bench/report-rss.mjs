// Preloaded into a Node child (NODE_OPTIONS=--import) when GNU time is not installed: writes the process's
// own peak RSS in KiB to MLH_BENCH_RSS_FILE as it exits.
import { writeFileSync } from 'node:fs';

const file = process.env.MLH_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      writeFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      /* the benchmark reports "n/a" */
    }
  });
}
