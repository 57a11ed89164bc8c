// The coverage minimum a delivery is held to. It is the buyer's: `checks.tests.options.minCoverage` in the
// buyer's policy, else the milestone's default (production 60 %, handover 70 %), else none. Nothing in the
// scanned repository enters here: its own `fail_under` is judged against this minimum, never the reverse.

export interface CoverageMinimum {
  /** Percent 0-100, or null when no minimum applies. */
  percent: number | null;
  /** Where it came from, for messages: `policy option minCoverage`, `handover milestone`. */
  source: string;
}

/** Defaults per milestone: production hardening asks for a floor, handover for more. */
export const MILESTONE_MIN_COVERAGE: Readonly<Record<string, number>> = { production: 60, handover: 70 };

export function coverageMinimum(options: Readonly<Record<string, unknown>>, milestone: string | null): CoverageMinimum {
  const option = options.minCoverage;
  if (typeof option === 'number' && Number.isFinite(option) && option >= 0 && option <= 100) {
    // A share below 1 (0.7) is read as a fraction; 1 and above as a percentage.
    return { percent: option > 0 && option < 1 ? round(option * 100) : option, source: 'policy option minCoverage' };
  }
  if (milestone && MILESTONE_MIN_COVERAGE[milestone] !== undefined) return { percent: MILESTONE_MIN_COVERAGE[milestone], source: `${milestone} milestone` };
  return { percent: null, source: 'none' };
}

/** `84.3%` from a fraction or a percentage, one decimal at most. */
export function formatPercent(percent: number): string {
  return `${round(percent)}%`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
