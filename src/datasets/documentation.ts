// Documentation hits: how strongly a piece of text answers a data question (provenance, licence, ...).
import type { DataTopic } from '../formats/dataset-card.js';
import type { DatasetModel, DocumentationHit, DocumentationSource } from './model.js';

/** Prose answers: full marks at `full` words, partial below. */
export function proseStrength(text: string, full = 12): number {
  const words = text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  if (words >= full) return 1;
  if (words >= Math.ceil(full / 2)) return 0.6;
  return words > 0 ? 0.3 : 0;
}

/** A licence is one phrase; "unknown" or "TBD" is not one. */
export function licenceStrength(licence: string | null | undefined): number {
  if (!licence || !licence.trim()) return 0;
  if (/^(unknown|tbd|todo|n\/?a|none|\?+|-)$/i.test(licence.trim())) return 0.1;
  return 1;
}

export function addHit(model: DatasetModel, topic: DataTopic, source: DocumentationSource, path: string, line: number | undefined, strength: number, detail: string): void {
  const hit: DocumentationHit = { topic, source, path, strength, detail };
  if (line !== undefined) hit.line = line;
  model.documentation.push(hit);
}
