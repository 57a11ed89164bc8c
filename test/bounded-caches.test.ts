// What a scan keeps of the files it read stays within a byte bound, whatever the repository holds: the
// cache itself, the snapshot's texts, parsed documents, and the Markdown parser's work on a huge document.
import { describe, expect, it } from 'vitest';
import { MAX_PARSED_MARKDOWN_CHARS, parseMarkdown } from '../src/formats/markdown.js';
import { BoundedCache } from '../src/snapshot/bounded-cache.js';
import { PARSED_CACHE_BYTES, parsedCache, readMarkdown } from '../src/snapshot/parsed-reads.js';
import { TEXT_CACHE_BYTES } from '../src/snapshot/snapshot.js';
import { openTarget } from '../src/targets.js';
import { makeTree } from './helpers.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('BoundedCache', () => {
  it('keeps entries within the bound, evicting the least recently used first', async () => {
    const loads: string[] = [];
    const cache = new BoundedCache<string>(1000, (value) => value.length);
    const load = (key: string, size: number) => cache.get(key, async () => (loads.push(key), 'x'.repeat(size)));
    await load('a', 300);
    await load('b', 300);
    await load('a', 300); // a hit: `a` is now the most recent
    await load('c', 300);
    await settle();
    expect(cache.stats().bytes).toBeLessThanOrEqual(1000);
    expect(loads).toEqual(['a', 'b', 'c']);
    await load('a', 300);
    await load('b', 300); // `b` was the least recently used: loaded again
    expect(loads).toEqual(['a', 'b', 'c', 'b']);
    expect(cache.stats().evictions).toBeGreaterThan(0);
  });

  it('shares one pending load among callers and never evicts it; a failed load is not kept', async () => {
    const cache = new BoundedCache<string>(10, (value) => value.length);
    let release!: (value: string) => void;
    let calls = 0;
    const slow = () => cache.get('slow', () => (calls++, new Promise<string>((resolve) => (release = resolve))));
    const first = slow();
    expect(slow()).toBe(first);
    await cache.get('big', async () => 'y'.repeat(5000)); // over the bound: evicted at once, the pending load stays
    await settle();
    expect(slow()).toBe(first);
    release('done');
    expect(await first).toBe('done');
    expect(calls).toBe(1);
    await expect(cache.get('bad', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await settle();
    expect(await cache.get('bad', async () => 'fine')).toBe('fine');
    cache.delete('bad');
    expect(await cache.get('bad', async () => 'again')).toBe('again');
  });
});

describe('the snapshot and parsed documents stay within their bounds', () => {
  it('evicts texts past the text bound, and answers repeated reads of a small file from the cache', async () => {
    // Files of 900 KB of one character: 1.8 MB each as UTF-16 estimates; enough of them to pass the bound twice.
    const count = Math.ceil((2 * TEXT_CACHE_BYTES) / (2 * 900_000)) + 1;
    const files: Record<string, string> = { 'small.md': '# Small\n\nA runbook.\n' };
    for (let n = 0; n < count; n++) files[`big/${n}.txt`] = String.fromCharCode(97 + (n % 26)).repeat(900_000);
    const opened = await openTarget(makeTree(files));
    try {
      const snapshot = opened.snapshot;
      const small = snapshot.readText('small.md');
      expect(snapshot.readText('small.md')).toBe(small);
      for (let n = 0; n < count; n++) {
        const read = await snapshot.readText(`big/${n}.txt`);
        expect(read.ok && read.text.length).toBe(900_000);
        // The small file is read often, so it stays the most recent.
        expect(snapshot.readText('small.md')).toBe(small);
      }
      const first = snapshot.readText('big/0.txt');
      expect(snapshot.readText('big/0.txt')).toBe(first);
      expect(await first).toMatchObject({ ok: true, text: 'a'.repeat(900_000) }); // read again after its eviction
    } finally {
      await opened.close();
    }
  });

  it('keeps parsed Markdown within the parsed bound; a small document read twice is parsed once', async () => {
    // 500 KB documents (a fenced block, cheap to parse), estimated at no less than 4 bytes a character.
    const files: Record<string, string> = { 'docs/runbook.md': '# Runbook\n\n## Escalation\n\nPage the on-call.\n' };
    const count = Math.ceil(PARSED_CACHE_BYTES / (4 * 500_000)) + 4;
    for (let n = 0; n < count; n++) files[`docs/big-${n}.md`] = `# Big ${n}\n\n\`\`\`\n${'z'.repeat(500_000)}\n\`\`\`\n`;
    const opened = await openTarget(makeTree(files));
    try {
      const snapshot = opened.snapshot;
      const runbook = await readMarkdown(snapshot, 'docs/runbook.md');
      for (let n = 0; n < count; n++) {
        expect((await readMarkdown(snapshot, `docs/big-${n}.md`))?.title?.text).toBe(`Big ${n}`);
        expect(await readMarkdown(snapshot, 'docs/runbook.md')).toBe(runbook);
      }
      await settle();
      const stats = parsedCache(snapshot).stats();
      expect(stats.bytes).toBeLessThanOrEqual(PARSED_CACHE_BYTES);
      expect(stats.evictions).toBeGreaterThanOrEqual(4);
      // An evicted document is parsed again, to the same content.
      const again = await readMarkdown(snapshot, 'docs/big-0.md');
      expect(again?.code[0].value.length).toBe(500_001);
    } finally {
      await opened.close();
    }
  });
});

describe('Markdown past the parse budget', () => {
  const table = (rows: number) => `| metric | threshold |\n| --- | --- |\n${'| recall | 0.8 |\n'.repeat(rows)}`;

  it('parses the start with markdown-it and still finds later headings, sections, paragraphs and code by line', () => {
    const rows = Math.ceil(MAX_PARSED_MARKDOWN_CHARS / 17) * 2;
    const source = `# Runbook\n\n## Thresholds\n\n${table(rows)}\n## Escalation\n\nPage ops@example.com, then the vendor.\n\n\`\`\`sh\n# not a heading\nkubectl rollout undo\n\`\`\`\n\n### Contact ###\n\nKestrel on-call\n`;
    const doc = parseMarkdown(source);
    const lines = source.split('\n');
    const lineOf = (text: string) => lines.indexOf(text) + 1;
    expect(doc.title).toEqual({ depth: 1, text: 'Runbook', line: 1 });
    expect(doc.headings.map((h) => [h.depth, h.text, h.line])).toEqual([
      [1, 'Runbook', 1],
      [2, 'Thresholds', 3],
      [2, 'Escalation', lineOf('## Escalation')],
      [3, 'Contact', lineOf('### Contact ###')],
    ]);
    // The table is cut where markdown-it stopped; its rows past the budget are text, not rows.
    expect(doc.tables).toHaveLength(1);
    expect(doc.tables[0].header).toEqual(['metric', 'threshold']);
    expect(doc.tables[0].rows.length).toBeGreaterThan(1000);
    expect(doc.tables[0].rows.length).toBeLessThan(rows);
    const escalation = doc.sections.find((s) => s.heading.text === 'Escalation')!;
    expect(escalation.body).toBe('Page ops@example.com, then the vendor.\n# not a heading\nkubectl rollout undo');
    expect(escalation.content).toContain('Contact\nKestrel on-call');
    expect(escalation.endLine).toBe(lines.length - 1);
    expect(doc.paragraphs.at(-1)).toEqual({ text: 'Kestrel on-call', line: lineOf('Kestrel on-call') });
    expect(doc.code.at(-1)).toEqual({ kind: 'block', lang: 'sh', value: '# not a heading\nkubectl rollout undo\n', line: lineOf('```sh') });
  });

  it('never cuts inside fenced code: a block across the budget goes whole to the line scanner', () => {
    const body = 'print(1)\n'.repeat(MAX_PARSED_MARKDOWN_CHARS / 9 + 10);
    const doc = parseMarkdown(`# Notebook export\n\n\`\`\`python\n${body}\`\`\`\n\n## After\n\nDone.\n`);
    expect(doc.code).toEqual([{ kind: 'block', lang: 'python', value: body, line: 3 }]);
    expect(doc.headings.map((h) => h.text)).toEqual(['Notebook export', 'After']);
    expect(doc.sections.find((s) => s.heading.text === 'After')?.body).toBe('Done.');
  });

  it('finds inline links past the budget, with their lines, in linear time on brackets', () => {
    const filler = 'A line of prose.\n'.repeat(MAX_PARSED_MARKDOWN_CHARS / 17 + 10);
    const source = `# Guide\n\n${filler}\nSee [the *rota*](docs/rota.md) and ![a chart](chart.png),\nthen [up](../../outside) or [broken](no close\n`;
    const lines = source.split('\n');
    expect(parseMarkdown(source).links).toEqual([
      { url: 'docs/rota.md', text: 'the rota', line: lines.findIndex((l) => l.startsWith('See ')) + 1 },
      { url: '../../outside', text: 'up', line: lines.findIndex((l) => l.startsWith('then ')) + 1 },
    ]);
    // Each `](` looks back no further than the one before: brackets alone cannot make the scan quadratic.
    expect(parseMarkdown(filler + '\n' + ']('.repeat(300_000)).links).toEqual([]);
  });

  it('leaves documents within the budget to markdown-it alone', () => {
    const source = `# A\n\nSetext heading\n--------------\n\n${table(10)}`;
    const doc = parseMarkdown(source);
    expect(doc.headings.map((h) => h.text)).toEqual(['A', 'Setext heading']);
    expect(doc.tables[0].rows).toHaveLength(10);
  });

  it('keeps what a 1 MiB table leaves behind small', () => {
    const doc = parseMarkdown(`# Data dictionary\n\n| a |\n|---|\n${'| x\n'.repeat(260_000)}`);
    expect(doc.tables[0].rows.length).toBeLessThan(MAX_PARSED_MARKDOWN_CHARS / 4);
    expect(doc.sections[0].body.length).toBeGreaterThan(900_000);
  });
});
