// A loopback stand-in for the GitHub REST endpoints a scan uses (repository, commit, recursive tree, blob),
// answered from a real local repository and counting every request. Like GitHub, a recursive tree of more
// than 100,000 entries is answered truncated. (test/remote-fixtures.ts has a fuller one for tests; it
// depends on vitest and spawns git per request, too slow for thousands of blob reads.)
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';

const GITHUB_TREE_LIMIT = 100_000;

function git(dir, args) {
  const result = spawnSync('git', args, { cwd: dir, encoding: 'buffer', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr.toString()}`);
  return result.stdout.toString('utf8');
}

/** Blobs through one `git cat-file --batch`, answered in request order. */
function blobReader(dir) {
  const child = spawn('git', ['cat-file', '--batch'], { cwd: dir, stdio: ['pipe', 'pipe', 'ignore'] });
  const queue = [];
  let buffer = Buffer.alloc(0);
  child.stdout.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const newline = buffer.indexOf(0x0a);
      if (newline === -1 || queue.length === 0) return;
      const header = buffer.subarray(0, newline).toString('utf8').split(' ');
      if (header[1] === 'missing') {
        buffer = buffer.subarray(newline + 1);
        queue.shift()(null);
        continue;
      }
      const size = Number(header[2]);
      if (buffer.length < newline + 1 + size + 1) return;
      const content = buffer.subarray(newline + 1, newline + 1 + size);
      buffer = buffer.subarray(newline + 1 + size + 1);
      queue.shift()(Buffer.from(content));
    }
  });
  return {
    read: (sha) =>
      new Promise((resolve) => {
        queue.push(resolve);
        child.stdin.write(`${sha}\n`);
      }),
    close: () => child.stdin.end(),
  };
}

/** `git archive` of a commit in GitHub's layout (one top folder owner-repo-<short sha>/), gzipped by git. */
function gitArchive(dir, fullName, sha) {
  const prefix = `${fullName.replace('/', '-')}-${sha.slice(0, 7)}/`;
  const result = spawnSync('git', ['archive', '--format=tar.gz', `--prefix=${prefix}`, sha], { cwd: dir, encoding: 'buffer', maxBuffer: 2 ** 32 });
  if (result.status !== 0) throw new Error(`git archive: ${result.stderr.toString()}`);
  return result.stdout;
}

/**
 * Serves `owner/repo` from `repoDir` on 127.0.0.1. Returns the API URL, the recorded requests
 * (`{ method, path, kind }`, kind one of repo, commit, tree, blob, tarball, archive, other) and stop().
 * With `archive: true`, /tarball/{ref} redirects to the commit's archive on the same host (as GitHub
 * Enterprise does), made once per commit and kept, as GitHub's archive host caches it; otherwise 404,
 * which sends a scan down the tree and blob path.
 */
export async function startFakeGitHub({ fullName, repoDir, defaultBranch = 'main', archive = false, treeLimit = GITHUB_TREE_LIMIT }) {
  const requests = [];
  const archives = new Map();
  const archiveOf = (sha) => {
    if (!archives.has(sha)) archives.set(sha, gitArchive(repoDir, fullName, sha));
    return archives.get(sha);
  };
  const blobs = blobReader(repoDir);
  const trees = new Map();
  const treeJson = (sha, recursive) => {
    const key = `${sha}:${recursive}`;
    if (!trees.has(key)) {
      const raw = git(repoDir, ['ls-tree', ...(recursive ? ['-r', '-t'] : []), '-z', '--long', sha]);
      const tree = raw
        .split('\0')
        .filter(Boolean)
        .map((line) => {
          const match = /^(\d{6}) (\w+) ([0-9a-f]+) +(-|\d+)\t([\s\S]+)$/.exec(line);
          return { path: match[5], mode: match[1], type: match[2], sha: match[3], ...(match[4] === '-' ? {} : { size: Number(match[4]) }) };
        });
      const truncated = tree.length > treeLimit;
      trees.set(key, JSON.stringify({ sha, url: '', tree: truncated ? tree.slice(0, treeLimit) : tree, truncated }));
    }
    return trees.get(key);
  };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const record = { method: req.method, path: url.pathname + url.search, kind: 'other' };
    requests.push(record);
    const send = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    try {
      if (parts[0] === '_codeload' && `${parts[1]}/${parts[2]}` === fullName && archive) {
        record.kind = 'archive';
        const bytes = archiveOf(parts[3]);
        res.writeHead(200, { 'content-type': 'application/x-gzip', 'content-length': String(bytes.length) });
        return res.end(bytes);
      }
      if (parts[0] !== 'repos' || `${parts[1]}/${parts[2]}` !== fullName) return send(404, { message: 'Not Found' });
      const rest = parts.slice(3);
      if (rest.length === 0) {
        record.kind = 'repo';
        return send(200, { name: parts[2], full_name: fullName, owner: { login: parts[1] }, default_branch: defaultBranch, private: true });
      }
      if (rest[0] === 'commits' && rest[1]) {
        record.kind = 'commit';
        const sha = git(repoDir, ['rev-parse', '--verify', '--quiet', `${rest.slice(1).join('/')}^{commit}`]).trim();
        const tree = git(repoDir, ['rev-parse', `${sha}^{tree}`]).trim();
        return send(200, { sha, commit: { tree: { sha: tree }, message: 'delivery' }, files: [] });
      }
      if (rest[0] === 'tarball' && rest[1]) {
        record.kind = 'tarball';
        if (!archive) return send(404, { message: 'Not Found' });
        const sha = git(repoDir, ['rev-parse', '--verify', '--quiet', `${rest.slice(1).join('/')}^{commit}`]).trim();
        res.writeHead(302, { location: `http://127.0.0.1:${port}/_codeload/${fullName}/${sha}`, 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999' });
        return res.end();
      }
      if (rest[0] === 'git' && rest[1] === 'trees' && rest[2]) {
        record.kind = 'tree';
        return send(200, treeJson(rest[2], url.searchParams.has('recursive')));
      }
      if (rest[0] === 'git' && rest[1] === 'blobs' && rest[2]) {
        record.kind = 'blob';
        const content = await blobs.read(rest[2]);
        if (!content) return send(404, { message: 'Not Found' });
        return send(200, { sha: rest[2], size: content.length, encoding: 'base64', content: content.toString('base64') });
      }
      return send(404, { message: 'Not Found' });
    } catch (error) {
      return send(500, { message: String(error?.message ?? error) });
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    requests,
    /** Makes the archive of `ref` before any measurement (GitHub's archive host has it cached too). */
    warmArchive: (ref) => archiveOf(git(repoDir, ['rev-parse', '--verify', `${ref}^{commit}`]).trim()).length,
    stop: async () => {
      blobs.close();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
