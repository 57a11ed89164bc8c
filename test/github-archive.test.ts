// Hostile archives and hostile redirects: entries that leave the top folder, links out, special files,
// PAX headers with absurd sizes, gzip bombs, truncated and stalled downloads, redirects to other hosts.
// Each is a report error or a refusal with a clear message; nothing crashes, hangs or lands outside the
// scan's own temp folder; the token never leaves the API host.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveRedirectRefusal } from '../src/snapshot/archive-download.js';
import { ArchiveRefused, readTarGzArchive, repositoryPath, type ReadArchiveOptions } from '../src/snapshot/archive-reader.js';
import { createGitHubClient } from '../src/snapshot/github-api.js';
import { GitHubSource } from '../src/snapshot/github-source.js';
import { openTarget } from '../src/targets.js';
import { tempDir } from './helpers.js';
import { gitArchive, makeGitRepo, startFakeGitHub, type FakeGitHub } from './remote-fixtures.js';

const TOP = 'ferrous-labs-kestrel-0123456';

// ---- building archives -------------------------------------------------------------------------------

type PackEntry = { name: string; type?: tar.Headers['type']; content?: string | Buffer; linkname?: string };

/** A well-formed tar (tar-stream's packer) of the given entries, gzipped. */
async function packed(entries: PackEntry[], extra: Buffer[] = []): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => pack.on('end', resolve));
  for (const entry of entries) {
    const content = typeof entry.content === 'string' ? Buffer.from(entry.content) : entry.content;
    await new Promise<void>((resolve, reject) =>
      pack.entry({ name: entry.name, type: entry.type ?? 'file', ...(entry.linkname ? { linkname: entry.linkname } : {}), ...(content ? { size: content.length } : {}) }, content, (error) => (error ? reject(error) : resolve())),
    );
  }
  pack.finalize();
  await done;
  const tarBytes = Buffer.concat(chunks);
  // Raw blocks go before the two end-of-archive blocks.
  return gzipSync(Buffer.concat([tarBytes.subarray(0, tarBytes.length - 1024), ...extra, tarBytes.subarray(tarBytes.length - 1024)]));
}

/** One raw ustar header block with a hand-set size field (what a packer would never write). */
function rawHeader(name: string, typeflag: string, sizeField: Buffer): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100);
  block.write('0000000\0', 108);
  block.write('0000000\0', 116);
  sizeField.copy(block, 124, 0, 12);
  block.write('00000000000\0', 136);
  block.write(typeflag, 156);
  block.write('ustar\0', 257);
  block.write('00', 263);
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return block;
}

const octal = (n: number) => Buffer.from(n.toString(8).padStart(11, '0') + '\0');

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length = String(length).length + body.length;
  return `${length}${body}`;
}

const read = (bytes: Buffer, options: ReadArchiveOptions = {}) => readTarGzArchive(Readable.from([bytes]), options);

async function refusalOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ArchiveRefused);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

// ---- the reader ---------------------------------------------------------------------------------------

describe('archive reader', () => {
  it('keeps regular files and links, and reports each entry that is unsafe or special', async () => {
    const bytes = await packed([
      { name: `${TOP}/`, type: 'directory' },
      { name: `${TOP}/README.md`, content: '# Kestrel\n' },
      { name: `${TOP}/docs/link-out`, type: 'symlink', linkname: '../../../../etc/passwd' },
      { name: `${TOP}/docs/absolute-link`, type: 'symlink', linkname: '/etc/shadow' },
      { name: `${TOP}/../escape.txt`, content: 'out' },
      { name: '/etc/cron.d/evil', content: 'out' },
      { name: `${TOP}/a/../../b.txt`, content: 'out' },
      { name: `${TOP}/./dot.txt`, content: 'dot' },
      { name: 'other-top/file.txt', content: 'elsewhere' },
      { name: `${TOP}/hard`, type: 'link', linkname: '/etc/passwd' },
      { name: `${TOP}/dev/tty`, type: 'character-device' },
      { name: `${TOP}/dev/sda`, type: 'block-device' },
      { name: `${TOP}/pipe`, type: 'fifo' },
      { name: `${TOP}/README.md`, content: 'second copy\n' },
      { name: `${TOP}/node_modules/x/index.js`, content: 'vendored' },
    ]);
    const contents = await read(bytes);
    expect([...contents.entries.keys()].sort()).toEqual(['README.md', 'docs/absolute-link', 'docs/link-out']);
    expect(contents.entries.get('docs/link-out')).toEqual({ path: 'docs/link-out', kind: 'symlink', size: '../../../../etc/passwd'.length });
    const messages = contents.errors.map((error) => `${error.path}: ${error.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^ferrous-labs-kestrel-0123456\/\.\.\/escape\.txt: archive entry outside the top folder or with an unsafe path/),
      expect.stringMatching(/^\/etc\/cron\.d\/evil: archive entry outside the top folder/),
      expect.stringMatching(/^ferrous-labs-kestrel-0123456\/a\/\.\.\/\.\.\/b\.txt: archive entry outside/),
      expect.stringMatching(/^ferrous-labs-kestrel-0123456\/\.\/dot\.txt: archive entry outside/),
      expect.stringMatching(/^other-top\/file\.txt: archive entry outside the top folder/),
      'hard: hard link in the archive (to /etc/passwd): not followed, not listed',
      'dev/tty: archive entry of type character-device (device, FIFO or other special file): not listed',
      'dev/sda: archive entry of type block-device (device, FIFO or other special file): not listed',
      'pipe: archive entry of type fifo (device, FIFO or other special file): not listed',
      'README.md: listed twice in the archive: the first entry is kept',
    ]);
    const readme = contents.entries.get('README.md');
    expect(readme && 'bytes' in readme ? Buffer.from(readme.bytes).toString() : null).toBe('# Kestrel\n');
    contents.dispose();
  });

  it('strips exactly one top folder and refuses paths that leave it', () => {
    expect(repositoryPath(`${TOP}/a/b.txt`, TOP, false)).toBe('a/b.txt');
    expect(repositoryPath(`${TOP}/`, TOP, true)).toBe('');
    for (const name of [`${TOP}/../x`, `${TOP}//x`, `${TOP}/a/./x`, `/${TOP}/x`, `${TOP}x/y`, `${TOP}/x\0y`, `${TOP}/x/..`]) expect(repositoryPath(name, TOP, false), name).toBeNull();
    expect(repositoryPath('../x', '..', false)).toBeNull();
  });

  it('refuses a PAX header that declares a huge, malformed or negative size, without waiting for the bytes', async () => {
    const pax = (value: string) => Buffer.from(paxRecord('size', value));
    const block = (body: Buffer) => Buffer.concat([body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
    const huge = pax('99999999999999999999');
    const hugeArchive = await packed([{ name: `${TOP}/`, type: 'directory' }], [rawHeader('PaxHeader/x', 'x', octal(huge.length)), block(huge), rawHeader(`${TOP}/x`, '0', octal(1)), block(Buffer.from('x'))]);
    expect(await refusalOf(read(hugeArchive))).toMatch(/PAX header declares the size "99999999999999999999"/);

    const tooBig = pax(String(5 * 1024 ** 3));
    const tooBigArchive = await packed([], [rawHeader('PaxHeader/x', 'x', octal(tooBig.length)), block(tooBig), rawHeader(`${TOP}/x`, '0', octal(1)), block(Buffer.from('x'))]);
    expect(await refusalOf(read(tooBigArchive))).toMatch(/declares 5368709120 bytes, more than the 4294967296-byte cap/);

    const word = pax('lots');
    expect(await refusalOf(read(await packed([], [rawHeader('PaxHeader/x', 'x', octal(word.length)), block(word), rawHeader(`${TOP}/x`, '0', octal(0))])))).toMatch(/PAX header declares the size "lots"/);

    // A PAX header of 2 GiB declared, 512 bytes sent: refused at its header, never buffered.
    expect(await refusalOf(read(await packed([], [rawHeader('PaxHeader/big', 'x', octal(2 * 1024 ** 3)), Buffer.alloc(512)])))).toMatch(/PAX header declares 2147483648 bytes \(at most 1048576 accepted\)/);
    expect(await refusalOf(read(await packed([], [rawHeader('././@LongLink', 'L', octal(64 * 1024 ** 2))]))).then((m) => m)).toMatch(/GNU long-name header declares 67108864 bytes/);

    // Base-256 sizes: 0xff marks a negative number, which would leave the tar reader waiting forever.
    const negative = Buffer.alloc(12, 0xff);
    expect(await refusalOf(read(await packed([], [rawHeader(`${TOP}/neg`, '0', negative)]))).then((m) => m)).toMatch(/impossible size/);
    const garbage = Buffer.from('zzzzzzzzzzz\0');
    expect(await refusalOf(read(await packed([], [rawHeader(`${TOP}/nan`, '0', garbage)])))).toMatch(/impossible size/);
  });

  it('refuses a gzip stream that inflates 1000×, an archive over its caps, and a truncated stream', async () => {
    const zeros = Buffer.alloc(16 * 1024 ** 2);
    const bomb = await packed([{ name: `${TOP}/zeros.bin`, content: zeros }]);
    expect(zeros.length / bomb.length).toBeGreaterThan(500);
    expect(await refusalOf(read(bomb, { limits: { ratioFloorBytes: 1024 ** 2, maxInflationRatio: 200 } }))).toMatch(/inflates more than 200×/);
    expect(await refusalOf(read(bomb, { limits: { maxInflatedBytes: 4 * 1024 ** 2 } }))).toMatch(/an entry declares 16777216 bytes, more than the 4194304-byte cap/);
    const spread = await packed(Array.from({ length: 8 }, (_, i) => ({ name: `${TOP}/zeros-${i}.bin`, content: Buffer.alloc(1024 ** 2) })));
    expect(await refusalOf(read(spread, { limits: { maxInflatedBytes: 4 * 1024 ** 2 } }))).toMatch(/inflates to more than 4194304 bytes/);
    expect(await refusalOf(read(bomb, { limits: { maxCompressedBytes: 1000 } }))).toMatch(/archive is larger than 1000 bytes/);

    const many = await packed(Array.from({ length: 30 }, (_, i) => ({ name: `${TOP}/f${i}.txt`, content: `${i}` })));
    expect(await refusalOf(read(many, { limits: { maxEntries: 20 } }))).toMatch(/more than 20 entries/);

    const whole = await packed([{ name: `${TOP}/a.txt`, content: 'a'.repeat(100_000) }, { name: `${TOP}/b.txt`, content: 'b' }]);
    expect(await refusalOf(read(whole.subarray(0, Math.floor(whole.length / 2))))).toMatch(/ends early/);
    expect(await refusalOf(read(Buffer.from('this is not gzip at all')))).toMatch(/not a readable tar\.gz/);
  });

  it('keeps files too big for memory in one private spill file, removed on dispose', async () => {
    const parent = tempDir('mlh-spill-');
    const big = Buffer.from('0123456789abcdef'.repeat(64 * 1024)); // 1 MiB
    const contents = await read(await packed([{ name: `${TOP}/big.bin`, content: big }, { name: `${TOP}/small.txt`, content: 'small' }]), { tempParent: parent, limits: { memoryFileBytes: 256 * 1024 } });
    const entry = contents.entries.get('big.bin')!;
    expect(entry).toMatchObject({ kind: 'file', size: big.length, spillOffset: 0 });
    expect(Buffer.from(contents.readSpilled(0, big.length)).equals(big)).toBe(true);
    const folders = readdirSync(parent);
    expect(folders).toHaveLength(1);
    expect(statSync(path.join(parent, folders[0])).mode & 0o777).toBe(0o700);
    expect(readdirSync(path.join(parent, folders[0]))).toEqual(['spill']); // never a name taken from the archive
    contents.dispose();
    expect(readdirSync(parent)).toEqual([]);
  });
});

// ---- redirects and hostile downloads through the loopback API ------------------------------------------

describe('archive downloads', () => {
  let repoDir: string;
  let evil: http.Server;
  let evilRequests: http.IncomingHttpHeaders[];
  let evilUrl: string;
  beforeAll(async () => {
    repoDir = await makeGitRepo({ 'README.md': '# Kestrel churn\n', 'src/train.py': 'print(1)\n' });
    // Another host (127.0.0.2 is loopback too): it must never be asked, least of all with the token.
    evilRequests = [];
    evil = http.createServer((req, res) => {
      evilRequests.push(req.headers);
      res.end('nope');
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.2', resolve));
    evilUrl = `http://127.0.0.2:${(evil.address() as net.AddressInfo).port}/archive.tar.gz`;
  });
  afterAll(async () => {
    await new Promise((resolve) => evil?.close(resolve));
  });

  async function withFake<T>(options: Partial<Parameters<typeof startFakeGitHub>[0]>, run: (fake: FakeGitHub) => Promise<T>): Promise<T> {
    const fake = await startFakeGitHub({ repos: { 'ferrous-labs/kestrel': { dir: repoDir } }, ...options });
    try {
      return await run(fake);
    } finally {
      await fake.stop();
    }
  }

  it('follows GitHub to its archive host (codeload.) without the token', async () => {
    await withFake({ localhostNames: true, archive: 'codeload' }, async (fake) => {
      const opened = await openTarget('github:ferrous-labs/kestrel', { apiUrl: fake.apiUrl, token: 'secret-token', env: {} });
      expect(opened.snapshot.files).toEqual(['README.md', 'src/train.py']);
      expect(opened.snapshot.stats()).toMatchObject({ archiveScan: 1, apiRequests: 3, archiveHostRequests: 1 });
      await opened.close();
      const archiveRequest = fake.requests.find((request) => request.path.startsWith('/_codeload/'))!;
      expect(archiveRequest.host).toMatch(/^codeload\.localhost:\d+$/);
      expect(archiveRequest.authorization).toBeUndefined();
      const apiRequests = fake.requests.filter((request) => request !== archiveRequest);
      expect(apiRequests.every((request) => request.host.startsWith('localhost:') && request.authorization === 'token secret-token')).toBe(true);
    });
  });

  it('refuses a redirect to any other host, never sends it the token, and falls back to the tree API', async () => {
    await withFake({ archive: () => evilUrl }, async (fake) => {
      const opened = await openTarget('github:ferrous-labs/kestrel', { apiUrl: fake.apiUrl, token: 'secret-token', env: {} });
      expect(opened.snapshot.files).toEqual(['README.md', 'src/train.py']);
      expect(opened.snapshot.errors[0].message).toMatch(/^archive not used \(redirect to 127\.0\.0\.2:\d+ refused: 127\.0\.0\.2 is neither the API host \(127\.0\.0\.1\) nor its archive host/);
      expect(opened.snapshot.stats()).toMatchObject({ archiveScan: 0 });
      await opened.close();
      expect(evilRequests).toEqual([]);
      expect(fake.requests.some((request) => request.path.includes('/git/trees/'))).toBe(true);
    });
  });

  it('states the redirect rule: the API host or codeload. of it, same scheme and port, no credentials', () => {
    expect(archiveRedirectRefusal('https://api.github.com', 'https://codeload.github.com/o/r/legacy.tar.gz/abc?token=x')).toBeNull();
    expect(archiveRedirectRefusal('https://ghe.example.com/api/v3', 'https://ghe.example.com/_codeload/o/r/tar.gz/abc')).toBeNull();
    expect(archiveRedirectRefusal('https://ghe.example.com/api/v3', 'https://codeload.ghe.example.com/o/r/tar.gz/abc')).toBeNull();
    expect(archiveRedirectRefusal('https://api.github.com', 'https://codeload.github.com.evil.example/x')).toMatch(/neither the API host/);
    expect(archiveRedirectRefusal('https://api.github.com', 'https://objects.githubusercontent.com/x')).toMatch(/neither the API host/);
    expect(archiveRedirectRefusal('https://api.github.com', 'http://codeload.github.com/x')).toMatch(/http: is not the API's https:/);
    expect(archiveRedirectRefusal('https://api.github.com', 'https://codeload.github.com:8443/x')).toMatch(/port 8443/);
    expect(archiveRedirectRefusal('https://api.github.com', 'https://user:pw@codeload.github.com/x')).toMatch(/credentials/);
    expect(archiveRedirectRefusal('https://api.github.com', 'file:///etc/passwd')).toMatch(/file: is not/);
  });

  it('turns a hostile archive into a report error and a scan of the tree, not a crash', async () => {
    const cases: Array<[string, (sha: string) => Promise<Buffer>, RegExp]> = [
      ['truncated', async (sha) => (await gitArchive(repoDir, sha, `${TOP}/`)).subarray(0, 200), /ends early/],
      ['huge PAX size', async () => packed([], [rawHeader('PaxHeader/x', 'x', octal(2 * 1024 ** 3))]), /PAX header declares 2147483648 bytes/],
      ['not gzip', async () => Buffer.from('<html>login</html>'), /not a readable tar\.gz/],
      // Default caps: 96 MiB of zeros gzip to about 100 KB; refused once 64 MiB have inflated at over 200×.
      ['gzip bomb', async () => packed([{ name: `${TOP}/zeros.bin`, content: Buffer.alloc(96 * 1024 ** 2) }]), /inflates more than 200×/],
    ];
    for (const [name, body, expected] of cases) {
      await withFake({ archiveBody: (_full, sha) => body(sha) }, async (fake) => {
        const opened = await openTarget('github:ferrous-labs/kestrel', { apiUrl: fake.apiUrl, env: {} });
        expect(opened.snapshot.files, name).toEqual(['README.md', 'src/train.py']);
        expect(opened.snapshot.errors[0].message, name).toMatch(expected);
        expect(opened.snapshot.stats().archiveScan, name).toBe(0);
        await opened.close();
      });
    }
  });

  it('lists hostile entries as report errors while the archive scan goes on', async () => {
    const body = () =>
      packed([
        { name: `${TOP}/`, type: 'directory' },
        { name: `${TOP}/README.md`, content: '# Kestrel\n' },
        { name: `${TOP}/../../../../tmp/mlh-escaped.txt`, content: 'escaped' },
        { name: `${TOP}/out`, type: 'symlink', linkname: '/etc/passwd' },
        { name: `${TOP}/hard`, type: 'link', linkname: '../../../etc/passwd' },
      ]);
    await withFake({ archiveBody: body }, async (fake) => {
      const opened = await openTarget('github:ferrous-labs/kestrel', { apiUrl: fake.apiUrl, env: {} });
      expect(opened.snapshot.files).toEqual(['README.md', 'out']);
      expect(await opened.snapshot.readText('out')).toMatchObject({ ok: false, reason: 'symlink' });
      expect(opened.snapshot.errors.map((error) => error.message)).toEqual([
        expect.stringMatching(/outside the top folder or with an unsafe path/),
        expect.stringMatching(/hard link in the archive/),
        expect.stringMatching(/^not read: symbolic link/),
      ]);
      expect(opened.snapshot.stats().archiveScan).toBe(1);
      await opened.close();
      expect(existsSync('/tmp/mlh-escaped.txt')).toBe(false);
    });
  });

  it('ends a stalled download at its idle deadline instead of hanging', async () => {
    const stalled = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-gzip', 'content-length': '100000' });
      res.write(gzipSync(Buffer.alloc(100_000)).subarray(0, 16)); // a gzip header, then nothing
    });
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    const port = (stalled.address() as net.AddressInfo).port;
    try {
      await withFake({ archive: () => `http://127.0.0.1:${port}/_codeload/stalled` }, async (fake) => {
        // Same host, other port: refused by the rule; so the stall is tested on the API's own port below.
        const client = createGitHubClient({ apiUrl: fake.apiUrl });
        const source = await GitHubSource.open(client, { owner: 'ferrous-labs', repo: 'kestrel' }, { archiveIdleTimeoutMs: 300 });
        expect((await source.list()).errors[0].message).toMatch(/port \d+ is not the API's/);
        await source.dispose();
      });
      const client = createGitHubClient({ apiUrl: `http://127.0.0.1:${port}` });
      const { downloadArchive } = await import('../src/snapshot/archive-download.js');
      const started = Date.now();
      const download = await downloadArchive(client, 'o', 'r', 'a'.repeat(40), { idleTimeoutMs: 300 });
      expect(await refusalOf(readTarGzArchive(download.body))).toMatch(/stalled|cut off|ends early/);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      stalled.closeAllConnections();
      await new Promise((resolve) => stalled.close(resolve));
    }
  });

  it('reads the tree instead where .gitattributes makes the archive differ from the commit', async () => {
    const exporting = await makeGitRepo({
      '.gitattributes': '# vendor settings\n*.py text\ndocs/internal/** export-ignore\n',
      'README.md': '# Kestrel\n',
      'docs/internal/pricing.md': 'left out of archives\n',
    });
    const plain = await makeGitRepo({ '.gitattributes': '*.py text\n# export-ignore in a comment changes nothing\n', 'README.md': '# Kestrel\n' });
    const fake = await startFakeGitHub({ repos: { 'ferrous-labs/exporting': { dir: exporting }, 'ferrous-labs/plain': { dir: plain } } });
    try {
      const opened = await openTarget('github:ferrous-labs/exporting', { apiUrl: fake.apiUrl, env: {} });
      expect(opened.snapshot.files).toEqual(['.gitattributes', 'README.md', 'docs/internal/pricing.md']);
      expect(opened.snapshot.errors[0].message).toBe(
        "archive differs from the commit (.gitattributes sets export-ignore, which GitHub's archive applies (files left out or rewritten)); listed through the tree API, and files whose archive copy is not the commit's blob read as blobs",
      );
      // Files the archive holds unchanged come from it; the one it left out costs a blob request.
      const blobs = () => fake.requests.filter((request) => request.path.includes('/git/blobs/')).length;
      const before = blobs();
      expect(await opened.snapshot.readText('README.md')).toMatchObject({ ok: true, text: '# Kestrel\n' });
      expect(blobs()).toBe(before);
      expect(await opened.snapshot.readText('docs/internal/pricing.md')).toMatchObject({ ok: true, text: 'left out of archives\n' });
      expect(blobs()).toBe(before + 1);
      expect(opened.snapshot.stats()).toMatchObject({ archiveScan: 0, blobReads: before + 1 });
      expect(opened.snapshot.stats().archiveReads).toBeGreaterThan(0);
      await opened.close();
      const kept = await openTarget('github:ferrous-labs/plain', { apiUrl: fake.apiUrl, env: {} });
      expect(kept.snapshot.stats().archiveScan).toBe(1);
      expect(kept.snapshot.errors).toEqual([]);
      await kept.close();
    } finally {
      await fake.stop();
    }
  });

  it('reads the tree instead when an archive holds LFS objects where the commit holds pointers', async () => {
    const pointer = 'version https://git-lfs.github.com/spec/v1\noid sha256:' + 'a'.repeat(64) + '\nsize 2048\n';
    const lfs = await makeGitRepo({ '.gitattributes': '*.bin filter=lfs diff=lfs merge=lfs -text\n*.pt filter=lfs diff=lfs merge=lfs -text\n', 'models/model.bin': pointer, 'README.md': '# LFS\n' });
    const withObjects = (sha: string) =>
      packed([
        { name: `lfs-${sha.slice(0, 7)}/`, type: 'directory' },
        { name: `lfs-${sha.slice(0, 7)}/.gitattributes`, content: '*.bin filter=lfs diff=lfs merge=lfs -text\n*.pt filter=lfs diff=lfs merge=lfs -text\n' },
        { name: `lfs-${sha.slice(0, 7)}/README.md`, content: '# LFS\n' },
        { name: `lfs-${sha.slice(0, 7)}/models/model.bin`, content: Buffer.alloc(2048, 7) },
      ]);
    const pointers = await startFakeGitHub({ repos: { 'ferrous-labs/lfs': { dir: lfs } } });
    const objects = await startFakeGitHub({ repos: { 'ferrous-labs/lfs': { dir: lfs } }, archiveBody: (_full, sha) => withObjects(sha) });
    try {
      const kept = await openTarget('github:ferrous-labs/lfs', { apiUrl: pointers.apiUrl, env: {} });
      expect(kept.snapshot.stats().archiveScan).toBe(1);
      expect(await kept.snapshot.readText('models/model.bin')).toMatchObject({ ok: true, text: pointer });
      await kept.close();
      const fellBack = await openTarget('github:ferrous-labs/lfs', { apiUrl: objects.apiUrl, env: {} });
      expect(fellBack.snapshot.stats().archiveScan).toBe(0);
      expect(fellBack.snapshot.errors[0].message).toMatch(/^archive differs from the commit \(\.gitattributes tracks models\/model\.bin with Git LFS and the archive holds its content, not a pointer/);
      const blobs = () => objects.requests.filter((request) => request.path.includes('/git/blobs/')).length;
      const before = blobs();
      expect(await fellBack.snapshot.readText('models/model.bin')).toMatchObject({ ok: true, text: pointer });
      expect(await fellBack.snapshot.readText('README.md')).toMatchObject({ ok: true, text: '# LFS\n' });
      expect(blobs()).toBe(before + 1); // the pointer; README.md came from the archive
      await fellBack.close();
    } finally {
      await pointers.stop();
      await objects.stop();
    }
  });

  it('keeps the archive where LFS is declared but tracks nothing in the commit', async () => {
    const template = await makeGitRepo({ '.gitattributes': '*.pt filter=lfs diff=lfs merge=lfs -text\n', 'README.md': '# No models yet\n' });
    const fake = await startFakeGitHub({ repos: { 'ferrous-labs/template': { dir: template } } });
    try {
      const opened = await openTarget('github:ferrous-labs/template', { apiUrl: fake.apiUrl, env: {} });
      expect(opened.snapshot.stats().archiveScan).toBe(1);
      await opened.close();
    } finally {
      await fake.stop();
    }
  });

  it('refuses a redirect whose body never ends without waiting for that body', async () => {
    const hanging = http.createServer((_req, res) => {
      res.writeHead(302, { location: evilUrl, 'x-ratelimit-remaining': '4999' });
      res.write('moved'); // and never ends
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const { downloadArchive, ArchiveUnavailable } = await import('../src/snapshot/archive-download.js');
      const client = createGitHubClient({ apiUrl: `http://127.0.0.1:${(hanging.address() as net.AddressInfo).port}`, token: 'secret-token' });
      const started = Date.now();
      await expect(downloadArchive(client, 'o', 'r', 'b'.repeat(40), { idleTimeoutMs: 60_000 })).rejects.toBeInstanceOf(ArchiveUnavailable);
      expect(Date.now() - started).toBeLessThan(5_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(client.stats().apiRequests).toBe(1);
      expect(evilRequests).toEqual([]);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  it('writes nothing outside its own temp folder', async () => {
    const parent = tempDir('mlh-archive-temp-');
    mkdirSync(path.join(parent, 'scan'));
    await withFake({}, async (fake) => {
      const opened = await openTarget('github:ferrous-labs/kestrel', { apiUrl: fake.apiUrl, env: {}, tempDir: path.join(parent, 'scan') });
      await opened.close();
    });
    expect(readdirSync(parent)).toEqual(['scan']);
    expect(readdirSync(path.join(parent, 'scan'))).toEqual([]);
  });
});
