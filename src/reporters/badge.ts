// A shields.io endpoint badge (https://shields.io/badges/endpoint-badge): the score, coloured by the gate.
import type { Report } from '../report/report.js';

export interface BadgeJson {
  schemaVersion: 1;
  label: string;
  message: string;
  color: string;
}

export function badgeFor(report: Report): BadgeJson {
  const label = report.milestone ? `handover (${report.milestone})` : 'handover';
  let color: string;
  if (!report.passed) color = report.score >= 50 ? 'orange' : 'red';
  else color = report.score >= 80 ? 'brightgreen' : 'green';
  return { schemaVersion: 1, label, message: `${report.score}/100${report.passed ? '' : ' · gate failed'}`, color };
}

export function renderBadge(report: Report): string {
  return JSON.stringify(badgeFor(report), null, 2) + '\n';
}
