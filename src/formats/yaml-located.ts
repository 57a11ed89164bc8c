// YAML with positions: the value through the limited parser in yaml.ts (alias bombs and deep nesting are
// refused first), plus a locator for line:column of any path, for findings and schema errors.
import type { Parsed } from './result.js';
import { yamlLocator, type TextPosition, type YamlPath } from './yaml-locate.js';
import { parseYaml, type YamlLimits } from './yaml.js';

export type { YamlPath } from './yaml-locate.js';

export interface LocatedYaml {
  value: unknown;
  /** Position of the node at `path` (with `keyOnly`, of its key), or of its nearest ancestor that exists. */
  locate(path: YamlPath, keyOnly?: boolean): TextPosition | undefined;
}

export function parseYamlLocated(text: string, limits: YamlLimits = {}): Parsed<LocatedYaml> {
  const checked = parseYaml(text, limits);
  if (!checked.ok) return checked;
  const locator = yamlLocator(text);
  return { ok: true, value: { value: checked.value, locate: (path, keyOnly) => locator(path, keyOnly) } };
}
