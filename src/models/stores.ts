// Whether the buyer is given access to a store: an access list (found the way the infrastructure check
// finds them: docs/access.md, handover and onboarding documents, an Access section) names it. A bucket is
// named by its URL or its name; an MLflow registry by "MLflow" and the registered model's name; the
// Hugging Face Hub by "Hugging Face" and the owner of the repository.
import { collectAccessLists } from '../infrastructure/access.js';
import type { Snapshot } from '../snapshot/snapshot.js';

export interface AccessDocument {
  path: string;
  text: string;
}

export async function readAccessDocuments(snapshot: Snapshot, declared: readonly string[] = []): Promise<AccessDocument[]> {
  const { lists } = await collectAccessLists(snapshot, declared);
  const documents: AccessDocument[] = [];
  for (const path of [...new Set(lists.map((list) => list.path))]) {
    const read = await snapshot.readText(path, { maxBytes: 512 * 1024 });
    if (read.ok) documents.push({ path, text: read.text });
  }
  return documents;
}

/** The access document that names the store behind `storeKey`, or null. */
export function accessGrantedIn(storeKey: string, documents: readonly AccessDocument[]): string | null {
  const [kind, ...rest] = storeKey.split(':');
  const value = rest.join(':');
  for (const document of documents) {
    const text = document.text;
    if (kind === 'mlflow') {
      if (/\bmlflow\b|model registry/i.test(text) && new RegExp(`(^|[^\\w-])${escape(value)}([^\\w-]|$)`, 'i').test(text)) return document.path;
    } else if (kind === 'hf') {
      if (/hugging ?face|\bhf\.co\b/i.test(text) && new RegExp(`(^|[^\\w-])${escape(value)}([^\\w-]|$)`, 'i').test(text)) return document.path;
    } else if (kind === 'lfs') {
      return document.path;
    } else {
      // An object-store URL: `scheme://bucket`, or the bucket named on its own.
      const bucket = /^[a-z0-9]+:\/\/([^/]+)/i.exec(storeKey)?.[1] ?? storeKey;
      if (new RegExp(`(^|[^\\w.-])${escape(bucket)}([^\\w.-]|$)`, 'i').test(text)) return document.path;
    }
  }
  return null;
}

/** The key an access list must name for a URL (object stores, DVC remotes). */
export function storeKeyOfUrl(url: string): string {
  const match = /^([a-z0-9]+):\/\/([^/\s]+)/i.exec(url);
  return match ? `${match[1].toLowerCase()}://${match[2]}` : url;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
