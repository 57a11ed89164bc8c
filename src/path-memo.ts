// Helpers for passes over a whole listing (200k paths): a question about a file name answered once per
// distinct name, and the last slash found without String#lastIndexOf.

/**
 * `judge` of a path's file name (after the last `/`), once per distinct name. Only for questions that
 * depend on the name alone, e.g. a regex anchored at the end whose match holds no `/` after `(^|\/)`.
 */
export function byName<T>(judge: (name: string) => T): (path: string) => T {
  const known = new Map<string, T>();
  return (path) => {
    const name = path.slice(lastSlash(path) + 1);
    let answer = known.get(name);
    if (answer === undefined && !known.has(name)) known.set(name, (answer = judge(name)));
    return answer as T;
  };
}

/**
 * `path.lastIndexOf('/')` by a loop over char codes: lastIndexOf is a C++ builtin that the optimiser does
 * not inline, and its call cost showed in passes over 200k paths.
 */
export function lastSlash(path: string): number {
  let at = path.length - 1;
  while (at >= 0 && path.charCodeAt(at) !== 47) at--;
  return at;
}

/** Sort order of paths nearer the root first, then by path: how readers pick their first documents within a cap. */
export function shallowFirst(a: string, b: string): number {
  return a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0);
}
