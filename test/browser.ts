// Renders an HTML report in a real headless Chromium (Debian's `chromium`, driven by playwright-core):
// every request is routed, recorded and refused; console errors and page errors are collected.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { tempDir } from './helpers.js';

export const CHROMIUM = process.env.ML_HANDOVER_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);
export const CHROMIUM_SKIP_REASON = `headless Chromium not found at ${CHROMIUM} (apt-get install -y chromium); HTML rendering tests skipped`;
/** Set to a folder to keep the screenshots the tests take (they go to a temporary folder otherwise). */
const KEEP_SCREENSHOTS = process.env.ML_HANDOVER_SCREENSHOTS;

export interface RenderedPage {
  consoleErrors: string[];
  pageErrors: string[];
  /** Every request the page tried to make (all refused). */
  requests: string[];
  screenshot: string;
  /** Answers from the live page. */
  facts: Record<string, unknown>;
}

export interface RenderedWidth {
  width: number;
  screenshot: string;
  facts: Record<string, unknown>;
}

/** Opens `htmlText` in a fresh browser profile, runs `probe` in the page, screenshots it, closes everything. */
export async function renderInChromium(htmlText: string, name: string, probe: string): Promise<RenderedPage> {
  const rendered = await renderAtWidths(htmlText, name, probe, [1100], { print: true, fullPage: true });
  return { ...rendered, screenshot: rendered.widths[0].screenshot, facts: rendered.widths[0].facts };
}

/** `fullPage`: screenshot the whole page, not just the viewport (slow on long pages); `print`: also print to PDF. */
export interface RenderOptions {
  print?: boolean;
  fullPage?: boolean;
}

/**
 * Opens `htmlText` once and, for each viewport width in turn, runs `probe` and takes a screenshot
 * (`<name>-<width>.png`). With `print`, also prints it to PDF: the report is meant to be read on paper too.
 */
export async function renderAtWidths(htmlText: string, name: string, probe: string, widths: readonly number[], options: RenderOptions = {}): Promise<RenderedWidths> {
  const browser = await openReportBrowser();
  try {
    return await browser.render(htmlText, name, probe, widths, options);
  } finally {
    await browser.close();
  }
}

export type RenderedWidths = Omit<RenderedPage, 'screenshot' | 'facts'> & { widths: RenderedWidth[] };

export interface ReportBrowser {
  /** Renders one document in a new page of the shared browser (see renderAtWidths). */
  render(htmlText: string, name: string, probe: string, widths: readonly number[], options?: RenderOptions): Promise<RenderedWidths>;
  close(): Promise<void>;
}

/** One headless Chromium for many documents (starting it is the slow part); each document gets its own page. */
export async function openReportBrowser(): Promise<ReportBrowser> {
  const profile = tempDir('mlh-chromium-profile-');
  const out = tempDir('mlh-screenshots-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 900 },
    timeout: 30_000,
  });
  const render = async (htmlText: string, name: string, probe: string, widths: readonly number[], options: RenderOptions = {}): Promise<RenderedWidths> => {
    const consoleErrors: string[] = [];
    const pageErrors: string[] = [];
    const requests: string[] = [];
    // The report is loaded from disk like a user would open it; that one load is the only thing allowed.
    const file = path.join(out, `${name}.html`);
    const own = `file://${file}`;
    writeFileSync(file, htmlText);
    const page = await context.newPage();
    try {
      await page.route('**/*', async (route) => {
        if (route.request().url() === own) return route.continue();
        requests.push(route.request().url());
        await route.abort();
      });
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('request', (request) => {
        if (request.url() !== own && !requests.includes(request.url())) requests.push(request.url());
      });
      await page.setViewportSize({ width: widths[0], height: 900 });
      await page.goto(own, { waitUntil: 'load', timeout: 30_000 });
      const results: RenderedWidth[] = [];
      for (const width of widths) {
        await page.setViewportSize({ width, height: 900 });
        const facts = (await page.evaluate(probe)) as Record<string, unknown>;
        const screenshot = path.join(out, `${name}-${width}.png`);
        await page.screenshot({ path: screenshot, fullPage: Boolean(options.fullPage || KEEP_SCREENSHOTS) });
        if (KEEP_SCREENSHOTS) {
          mkdirSync(KEEP_SCREENSHOTS, { recursive: true });
          copyFileSync(screenshot, path.join(KEEP_SCREENSHOTS, path.basename(screenshot)));
        }
        results.push({ width, screenshot, facts });
      }
      if (options.print) {
        await page.emulateMedia({ media: 'print' });
        await page.pdf({ path: path.join(out, `${name}.pdf`) }).catch(() => undefined);
      }
      return { consoleErrors, pageErrors, requests, widths: results };
    } finally {
      await page.close();
    }
  };
  return { render, close: () => context.close() };
}

/**
 * Probe: opens every <details> (a reader may open any of them), then lists every piece of text whose box leaves
 * the viewport horizontally, every SVG text drawn outside its SVG (clipped), and whether the page scrolls sideways.
 * Boxes are measured per line of text (Range client rects), so text spilling out of its own element is caught.
 * Text inside a box that scrolls sideways on its own (a wide matrix in overflow-x: auto) is read by scrolling
 * that box, so there the box itself must fit the viewport instead.
 */
export const LAYOUT_PROBE = `(() => {
  for (const details of document.querySelectorAll('details')) details.open = true;
  const viewport = document.documentElement.clientWidth;
  const slack = 0.5;
  const outside = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let texts = 0;
  const scrollBoxes = new Set();
  const scrollBoxOf = (element) => {
    for (let at = element; at && at !== document.body; at = at.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(at).overflowX)) return at;
    }
    return null;
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const box = node.parentElement && scrollBoxOf(node.parentElement);
    if (box) {
      scrollBoxes.add(box);
      continue;
    }
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) {
      if (rect.width === 0) continue;
      texts++;
      if (rect.left < -slack || rect.right > viewport + slack) {
        outside.push({ text: node.textContent.trim().slice(0, 60), left: Math.round(rect.left), right: Math.round(rect.right) });
        break;
      }
    }
  }
  for (const box of scrollBoxes) {
    const rect = box.getBoundingClientRect();
    if (rect.left < -slack || rect.right > viewport + slack) outside.push({ text: 'scroll box: ' + box.textContent.trim().slice(0, 48), left: Math.round(rect.left), right: Math.round(rect.right) });
  }
  const clipped = [];
  let svgTexts = 0;
  for (const text of document.querySelectorAll('svg text')) {
    const svg = text.ownerSVGElement;
    if (!svg) continue;
    svgTexts++;
    const box = text.getBoundingClientRect();
    const frame = svg.getBoundingClientRect();
    if (box.left < frame.left - slack || box.right > frame.right + slack || box.top < frame.top - slack || box.bottom > frame.bottom + slack) {
      clipped.push({ text: text.textContent.slice(0, 60), box: [box.left, box.right].map(Math.round), svg: [frame.left, frame.right].map(Math.round) });
    }
  }
  return {
    viewport,
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    bodyScrollWidth: document.body.scrollWidth,
    texts,
    svgTexts,
    scrollBoxes: scrollBoxes.size,
    outside: outside.slice(0, 20),
    outsideCount: outside.length,
    clipped: clipped.slice(0, 20),
    clippedCount: clipped.length,
  };
})()`;
