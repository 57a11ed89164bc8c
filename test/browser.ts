// Renders an HTML report in a real headless Chromium (Debian's `chromium`, driven by playwright-core):
// every request is routed, recorded and refused; console errors and page errors are collected.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { tempDir } from './helpers.js';

export const CHROMIUM = process.env.ML_HANDOVER_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);
export const CHROMIUM_SKIP_REASON = `headless Chromium not found at ${CHROMIUM} (apt-get install -y chromium); HTML rendering tests skipped`;

export interface RenderedPage {
  consoleErrors: string[];
  pageErrors: string[];
  /** Every request the page tried to make (all refused). */
  requests: string[];
  screenshot: string;
  /** Answers from the live page. */
  facts: Record<string, unknown>;
}

/** Opens `htmlText` in a fresh browser profile, runs `probe` in the page, screenshots it, closes everything. */
export async function renderInChromium(htmlText: string, name: string, probe: string): Promise<RenderedPage> {
  const profile = tempDir('mlh-chromium-profile-');
  const out = tempDir('mlh-screenshots-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 900 },
    timeout: 30_000,
  });
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const requests: string[] = [];
  // The report is loaded from disk like a user would open it; that one load is the only thing allowed.
  const file = path.join(out, `${name}.html`);
  const own = `file://${file}`;
  writeFileSync(file, htmlText);
  try {
    await context.route('**/*', async (route) => {
      if (route.request().url() === own) return route.continue();
      requests.push(route.request().url());
      await route.abort();
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => {
      if (request.url() !== own && !requests.includes(request.url())) requests.push(request.url());
    });
    await page.goto(own, { waitUntil: 'load', timeout: 30_000 });
    const facts = (await page.evaluate(probe)) as Record<string, unknown>;
    const screenshot = path.join(out, `${name}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    // Printing must work too: the report is meant to be read on paper.
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: path.join(out, `${name}.pdf`) }).catch(() => undefined);
    return { consoleErrors, pageErrors, requests, screenshot, facts };
  } finally {
    await context.close();
  }
}
