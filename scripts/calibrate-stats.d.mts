// Types for scripts/calibrate-stats.mjs, for its TypeScript test.
export declare function ranks(values: number[]): number[];
export declare function pearson(xs: number[], ys: number[]): number;
export declare function spearman(xs: number[], ys: number[]): number;
export declare function rankGaps(scores: number[], counts: number[]): number[];
