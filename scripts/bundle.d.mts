// Types for scripts/bundle.mjs, for the TypeScript tests that build through it.
export declare const BUNDLE_BANNER: string;
export declare const ENTRIES: { cli: string; action: string };
export declare function bundle(options: { root: string; outdir: string; names?: string[]; logLevel?: 'silent' | 'error' | 'warning' | 'info'; entries?: Record<string, string> }): Promise<string[]>;
