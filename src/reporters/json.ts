import type { Report } from '../report/report.js';

/** The report as JSON; JSON.stringify escapes every control character, so repo text is inert. */
export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
