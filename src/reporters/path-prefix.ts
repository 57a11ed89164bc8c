// The scanned folder relative to the repository root, put before every path that code scanning or an
// annotation resolves against the repository (the Action's `path:` input, the CLI's --sarif-path-prefix).

/** `./vendor\delivery/` -> `vendor/delivery/`; the root (or nothing) -> ''. */
export function cleanPathPrefix(prefix: string | undefined): string {
  const cleaned = (prefix ?? '').replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/^\.$/, '').replace(/^\/+|(?<!\/)\/+$/g, '').replace(/\/{2,}/g, '/');
  return cleaned ? cleaned + '/' : '';
}

/** Why a prefix given on the command line cannot be a folder inside the repository, or null when it can. */
export function pathPrefixProblem(prefix: string): string | null {
  const posix = prefix.replace(/\\/g, '/');
  if (/^\/|^[A-Za-z]:\//.test(posix)) return 'expected a folder relative to the repository root, not an absolute path';
  if (posix.split('/').includes('..')) return 'expected a folder inside the repository (no "..")';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(posix)) return 'expected a folder name without control characters';
  return null;
}
