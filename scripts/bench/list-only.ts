// The floor under a scan, for `npm run bench`: the CLI's code loaded (every check module included, as in
// dist/cli.js), the target opened and listed exactly as `scan` does, and no check run. Prints the file count.
//   node list-only.js TARGET [REF]
import { CHECKS } from '../../checks/index.js';
import { openTarget } from '../../src/targets.js';

const [target, ref] = process.argv.slice(2);
const opened = await openTarget(target, ref ? { ref } : {});
try {
  process.stdout.write(`${opened.snapshot.fileCount} files, ${CHECKS.length} checks loaded, none run\n`);
} finally {
  await opened.close();
}
