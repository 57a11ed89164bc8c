// Deployment environment names as teams write them (`prod`, `production`, `stg`, `staging`, `uat`, `dev`,
// `eu-prod`, `values-production.yaml`), reduced to the stage they stand for. Pure.

export type EnvironmentStage = 'development' | 'test' | 'staging' | 'production' | 'preview';

/** Word -> stage. Words are matched whole inside names split on `-`, `_`, `.`, `/` and spaces. */
const WORDS: ReadonlyArray<[RegExp, EnvironmentStage]> = [
  [/^(prod|production|prd|live|prodn)$/, 'production'],
  [/^(staging|stage|stg|preprod|pre-prod|preproduction|uat|acceptance|acc|qa)$/, 'staging'],
  [/^(dev|develop|development|sandbox|sbx|local)$/, 'development'],
  [/^(test|testing|tst|ci|int|integration|sit)$/, 'test'],
  [/^(preview|review|ephemeral|pr)$/, 'preview'],
];

/** The stage a name stands for, or null when no part of it is an environment word. */
export function environmentStage(name: string): EnvironmentStage | null {
  const lower = name.toLowerCase();
  if (/pre-?prod/.test(lower)) return 'staging';
  const parts = lower.split(/[-_./\s:]+/).filter(Boolean);
  for (const [pattern, stage] of WORDS) if (parts.some((part) => pattern.test(part))) return stage;
  return null;
}

/** A canonical short label for a name (`production` for `prod`, `eu-prod`), for de-duplication. */
export function environmentLabel(name: string): string {
  const stage = environmentStage(name);
  return stage ?? name.toLowerCase();
}
