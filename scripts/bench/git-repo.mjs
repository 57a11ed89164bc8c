// Git repositories for the benchmark, isolated from the user's git configuration: a bare repository filled
// straight from the generator through `git fast-import` (no files on disk, one pack, as a clone has).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Ferrous Labs CI',
  GIT_AUTHOR_EMAIL: 'ci@ferrous.example',
  GIT_COMMITTER_NAME: 'Ferrous Labs CI',
  GIT_COMMITTER_EMAIL: 'ci@ferrous.example',
  GIT_AUTHOR_DATE: '2025-03-01T12:00:00Z',
  GIT_COMMITTER_DATE: '2025-03-01T12:00:00Z',
};
// No background `gc --auto` may repack the repository while it is being measured.
const CONFIG = ['-c', 'gc.auto=0', '-c', 'maintenance.auto=false', '-c', 'commit.gpgsign=false', '-c', 'core.fsmonitor=false', '-c', 'init.defaultBranch=main'];

export function git(dir, args, options = {}) {
  const result = spawnSync('git', [...CONFIG, ...args], { cwd: dir, env: ENV, encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/**
 * A bare repository at `dir` with one commit on `main`, holding whatever `fill(write)` writes
 * (`write(relativePath, content)`), streamed into `git fast-import`.
 */
export async function fastImportRepository(dir, fill, tag) {
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '--bare']);
  const child = spawn('git', [...CONFIG, 'fast-import', '--quiet', '--done'], { cwd: dir, env: ENV, stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import failed: ${stderr}`))));
  });
  const chunks = [];
  const message = 'Delivery';
  chunks.push(Buffer.from(`commit refs/heads/main\ncommitter Ferrous Labs CI <ci@ferrous.example> 1740830400 +0000\ndata ${Buffer.byteLength(message)}\n${message}\n`));
  fill((relative, content) => {
    const bytes = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content);
    chunks.push(Buffer.from(`M 100644 inline ${relative}\ndata ${bytes.length}\n`), bytes, Buffer.from('\n'));
  });
  chunks.push(Buffer.from('\ndone\n'));
  child.stdin.end(Buffer.concat(chunks));
  await done;
  if (tag) git(dir, ['tag', tag, 'main']);
  return git(dir, ['rev-parse', 'main']).trim();
}
