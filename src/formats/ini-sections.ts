// INI files as Python tools read them (configparser): `[section]`, `key = value` or `key: value`, `#`/`;`
// comment lines, and continuation lines indented deeper than their key that extend its value (pytest
// `addopts`, tox `commands`); keys may themselves be indented (DVC's configobj files). Keys are lower-cased;
// every value keeps its line. Pure and linear: text in, sections out.

export interface IniValue {
  value: string;
  line: number;
}

export type IniSections = Map<string, Map<string, IniValue>>;

const MAX_LINES = 100_000;

export function readIniSections(text: string): IniSections {
  const sections: IniSections = new Map();
  let section: Map<string, IniValue> | null = null;
  let last: IniValue | null = null;
  let lastIndent = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && i < MAX_LINES; i++) {
    const raw = lines[i].replace(/\r$/, '');
    if (/^\s*[#;]/.test(raw)) continue;
    if (!raw.trim()) {
      last = null;
      continue;
    }
    const header = /^\[([^\]\n]{1,200})\]\s*$/.exec(raw);
    if (header) {
      const name = header[1].trim();
      section = sections.get(name) ?? new Map();
      sections.set(name, section);
      last = null;
      continue;
    }
    const indent = raw.length - raw.trimStart().length;
    if (last && indent > lastIndent) {
      last.value += '\n' + raw.trim();
      continue;
    }
    const pair = /^([^=:\s][^=:]{0,200}?)\s*[=:]\s*(.*)$/.exec(raw.trimStart());
    if (!pair || !section) {
      last = null;
      continue;
    }
    last = { value: pair[2].trim(), line: i + 1 };
    lastIndent = indent;
    section.set(pair[1].trim().toLowerCase(), last);
  }
  return sections;
}
