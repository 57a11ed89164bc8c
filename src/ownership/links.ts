// Relative links in documentation, resolved the way GitHub renders them: against the linking file's folder,
// or the repository root for a leading `/`; `#fragment` and `?query` dropped. URLs are never fetched. Pure.

export type LinkTarget =
  | { kind: 'external' } // has a scheme (https:, mailto:), protocol-relative, or is a bare #anchor
  | { kind: 'outside'; target: string } // climbs above the repository root
  | { kind: 'path'; path: string }; // repository-relative path ('' is the root)

export function linkTarget(from: string, url: string): LinkTarget {
  const trimmed = url.trim();
  if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('//') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(trimmed)) return { kind: 'external' };
  const target = decodeSafe(trimmed.split('#')[0].split('?')[0]);
  if (target === '') return { kind: 'external' };
  const parts = target.startsWith('/') ? [] : from.split('/').slice(0, -1);
  let above = 0;
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) above++;
      else parts.pop();
    } else if (above > 0) {
      // GitHub renders a file at /owner/repo/blob/<ref>/<path>: two levels above the root is the repository's
      // own page, so `../../issues` or `../../wiki` is a link to it, not a file outside the tree.
      return above === 2 && parts.length === 0 && GITHUB_REPOSITORY_PAGES.has(part) ? { kind: 'external' } : { kind: 'outside', target };
    } else parts.push(part);
  }
  return above > 0 ? { kind: 'outside', target } : { kind: 'path', path: parts.join('/') };
}

const GITHUB_REPOSITORY_PAGES = new Set(['issues', 'pulls', 'pull', 'wiki', 'actions', 'releases', 'discussions', 'projects', 'security', 'tags', 'branches', 'commits', 'compare', 'blob', 'tree', 'raw', 'graphs', 'network', 'milestones', 'labels', 'packages', 'stargazers', 'forks']);

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
