// Reporter registry: format name -> pure function of the report.
import type { Report } from '../report/report.js';
import { renderBadge } from './badge.js';
import { renderChecklist } from './checklist.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export interface RenderOptions {
  color: boolean;
  /** SARIF: the scanned folder relative to the repository root (`--sarif-path-prefix`). */
  sarifPathPrefix?: string;
}

export type Reporter = (report: Report, options: RenderOptions) => string;

export const REPORTERS: Record<string, Reporter> = {
  text: (report, options) => renderText(report, { color: options.color }),
  json: (report) => renderJson(report),
  markdown: (report) => renderMarkdown(report),
  checklist: (report) => renderChecklist(report),
  sarif: (report, options) => renderSarif(report, { uriPrefix: options.sarifPathPrefix }),
  html: (report) => renderHtml(report),
  badge: (report) => renderBadge(report),
};

export const FORMATS = Object.keys(REPORTERS);
