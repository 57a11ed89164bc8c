// Types for scripts/calibrate-stats.mjs, for its TypeScript test.
export declare function ranks(values: number[]): number[];
export declare function pearson(xs: number[], ys: number[]): number;
export declare function spearman(xs: number[], ys: number[]): number;
export declare function rankGaps(scores: number[], counts: number[]): number[];
export interface CategoryAgreement {
  category: string;
  check: string;
  recognised: { name: string; score: number }[];
  missed: { name: string; score: number }[];
  unclaimed: { name: string; score: number }[];
}
export declare function categoryAgreement(
  items: { name: string; categories: string[]; checkScores: Record<string, number | null> }[],
  checkOf: Record<string, string>,
  minScore: number,
): CategoryAgreement[];
