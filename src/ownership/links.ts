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
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return { kind: 'outside', target };
      parts.pop();
    } else parts.push(part);
  }
  return { kind: 'path', path: parts.join('/') };
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
