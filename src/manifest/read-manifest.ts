// Reads handover.yml from the snapshot once per scan: the scan takes its locations, the handover-manifest
// check judges it, and both see the same reading.
import type { FormatError } from '../formats/result.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { HANDOVER_MANIFEST_FILES, parseHandoverManifest, type HandoverManifest } from './parse-manifest.js';

export const MANIFEST_READ_CAP = 256 * 1024;

export type ManifestRead =
  | { status: 'absent' }
  | { status: 'unreadable'; file: string; reason: string }
  | { status: 'unparsed'; file: string; error: FormatError }
  | { status: 'parsed'; file: string; manifest: HandoverManifest };

const cache = new WeakMap<Snapshot, Promise<ManifestRead>>();

export function readHandoverManifest(snapshot: Snapshot): Promise<ManifestRead> {
  let pending = cache.get(snapshot);
  if (!pending) cache.set(snapshot, (pending = load(snapshot)));
  return pending;
}

async function load(snapshot: Snapshot): Promise<ManifestRead> {
  const file = HANDOVER_MANIFEST_FILES.find((name) => snapshot.has(name));
  if (!file) return { status: 'absent' };
  if (snapshot.isSymlink(file)) return { status: 'unreadable', file, reason: 'it is a symbolic link, never followed' };
  const read = await snapshot.readText(file, { maxBytes: MANIFEST_READ_CAP });
  if (!read.ok) return { status: 'unreadable', file, reason: read.reason === 'too-large' ? `larger than ${MANIFEST_READ_CAP / 1024} KiB` : read.reason };
  const parsed = parseHandoverManifest(read.text);
  return parsed.ok ? { status: 'parsed', file, manifest: parsed.value } : { status: 'unparsed', file, error: parsed.error };
}
