// Cron expressions as written in GitHub Actions `schedule`, Kubernetes CronJobs, Argo CronWorkflows,
// Kubeflow recurring runs, Airflow `schedule` and crontab lines: how often does this run? Pure.

export type Cadence = 'minutes' | 'hourly' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly' | 'custom' | 'at-boot';

export interface CronSchedule {
  expression: string;
  cadence: Cadence;
  /** The expression has the 5 (or Quartz 6/7) fields cron expects, or is a known macro. */
  valid: boolean;
}

const MACROS: Record<string, Cadence> = {
  '@yearly': 'yearly',
  '@annually': 'yearly',
  '@quarterly': 'quarterly',
  '@monthly': 'monthly',
  '@weekly': 'weekly',
  '@daily': 'daily',
  '@midnight': 'daily',
  '@hourly': 'hourly',
  '@reboot': 'at-boot',
};

export function describeCron(expression: string): CronSchedule {
  const text = expression.trim().replace(/\s+/g, ' ');
  const macro = MACROS[text.toLowerCase()];
  if (macro) return { expression: text, cadence: macro, valid: true };
  let fields = text.split(' ');
  // Quartz (Kubeflow `cron` has seconds first: `0 0 3 1 * *`).
  if (fields.length === 6 || fields.length === 7) fields = fields.slice(1, 6);
  if (fields.length !== 5 || !fields.every((field) => /^[\d*/,\-?A-Za-z#LW]+$/.test(field))) {
    return { expression: text, cadence: 'custom', valid: false };
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  const any = (field: string) => field === '*' || field === '?';
  const fixed = (field: string) => /^\d+$/.test(field);
  let cadence: Cadence = 'custom';
  if (!any(month) && /^\*\/(3)$/.test(month)) cadence = 'quarterly';
  else if (!any(month) && fixed(month) && fixed(dayOfMonth)) cadence = 'yearly';
  else if (any(month) && (fixed(dayOfMonth) || dayOfMonth === 'L') && any(dayOfWeek)) cadence = 'monthly';
  else if (any(month) && /#\d$/.test(dayOfWeek)) cadence = 'monthly'; // `MON#1`: first Monday
  else if (any(month) && any(dayOfWeek) && daysIn(dayOfMonth) > 0 && daysIn(dayOfMonth) <= 7) cadence = 'monthly'; // `1-7`: first week, weekday checked in the job
  else if (any(month) && any(dayOfMonth) && !any(dayOfWeek) && /^[\dA-Za-z]+$/.test(dayOfWeek)) cadence = 'weekly';
  else if (any(month) && any(dayOfMonth) && fixed(hour)) cadence = 'daily';
  else if (any(month) && any(dayOfMonth) && fixed(minute) && (any(hour) || hour.startsWith('*/'))) cadence = 'hourly';
  else if (any(hour) && !fixed(minute)) cadence = 'minutes';
  return { expression: text, cadence, valid: true };
}

/** Days a day-of-month field of plain numbers and ranges selects (`1-7` -> 7, `1,15` -> 2); 0 otherwise. */
function daysIn(field: string): number {
  if (!/^\d{1,2}(-\d{1,2})?(,\d{1,2}(-\d{1,2})?)*$/.test(field)) return 0;
  let days = 0;
  for (const part of field.split(',')) {
    const [from, to] = part.split('-').map(Number);
    days += to === undefined ? 1 : Math.max(0, to - from + 1);
  }
  return days;
}
