// Which programming language a file is written in, by GitHub Linguist's table (the linguist-languages package,
// bundled): extensions and exact file names. Used to name test code in a language the tests check does not
// read, instead of a hand-kept list that misses the next language a vendor uses. Pure after the table is built.
import * as linguist from 'linguist-languages';

interface LinguistLanguage {
  name: string;
  type: string;
  codemirrorMode?: string;
  extensions?: readonly string[];
  filenames?: readonly string[];
}

let table: { byExtension: Map<string, string>; byFilename: Map<string, string> } | null = null;

/**
 * Built once, on first use: extension (lower case, with the dot) and file name to the programming language.
 * Linguist lists a language's primary extension first; an extension that is the primary one of a data,
 * markup or prose language (`.md` Markdown, `.sql` SQL) is not taken as code, and among programming languages
 * the one whose primary extension it is wins (`.h` C, `.php` PHP), then one with editor support, then the first by name.
 */
function languageTable(): { byExtension: Map<string, string>; byFilename: Map<string, string> } {
  if (table) return table;
  // A language editors support first (`.rs` Rust before RenderScript, `.m` Objective-C before Mercury), then by name.
  const established = (language: LinguistLanguage) => (language.codemirrorMode ? 0 : 1);
  const all = (Object.values(linguist) as LinguistLanguage[]).sort((a, b) => established(a) - established(b) || (a.name < b.name ? -1 : 1));
  const notCode = new Set(all.filter((language) => language.type !== 'programming').map((language) => language.extensions?.[0]?.toLowerCase()));
  const byExtension = new Map<string, string>();
  const primary = new Set<string>();
  const byFilename = new Map<string, string>();
  for (const language of all.filter((candidate) => candidate.type === 'programming')) {
    (language.extensions ?? []).forEach((extension, index) => {
      const key = extension.toLowerCase();
      if (notCode.has(key)) return;
      if (index === 0 && !primary.has(key)) {
        byExtension.set(key, language.name);
        primary.add(key);
      } else if (!byExtension.has(key)) byExtension.set(key, language.name);
    });
    for (const name of language.filenames ?? []) if (!byFilename.has(name)) byFilename.set(name, language.name);
  }
  table = { byExtension, byFilename };
  return table;
}

/** The programming language of a repository path, or null for data, markup, prose and unknown files. */
export function programmingLanguageOf(path: string): string | null {
  const { byExtension, byFilename } = languageTable();
  const base = path.slice(path.lastIndexOf('/') + 1);
  const named = byFilename.get(base);
  if (named) return named;
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return null;
  return byExtension.get(base.slice(dot).toLowerCase()) ?? null;
}
