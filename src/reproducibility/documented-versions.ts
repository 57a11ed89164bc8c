// Python and CUDA versions a README or setup page states in words or commands: "Python 3.10", "requires
// Python >= 3.9", "Python 3.9+", `conda create -n env python=3.11`, `uv venv --python 3.11`, `python3.11 -m venv`;
// "CUDA 12.1", the PyTorch wheel index `--index-url https://download.pytorch.org/whl/cu121`, `pytorch-cuda=12.1`.
// Pure: text in, statements with their line out. What a tool never reads is weighed by the caller.

export interface DocumentedVersion {
  line: number;
  /** As written: `3.10`, `>=3.9`, `3.9+`, `12.1`. */
  value: string;
  /** One version or minor series; a lower bound ("3.9+", ">= 3.9", "3.8 or above"), a span or a list is not. */
  exact: boolean;
}

/** Python 3 only: "Python 2.7" states nothing about the code a buyer runs today. */
const PYTHON_WORDS = /\bpython\s{0,3}(?:version\s{0,3})?(?:(>=|=>|>|~=|==|\^)\s{0,3})?[`'"]{0,2}v?(3\.\d{1,2}(?:\.\d{1,3})?)(?![\d.]*\d)[`*_'"]{0,2}(\+|\.x\b|\s{0,3}(?:or|and)\s(?:above|higher|later|newer|up)\b|\s{0,3}(?:-|–|to)\s{0,3}3\.\d{1,2}|,\s{0,3}3\.\d{1,2})?/i;
/** In commands: `python=3.11` (conda), `--python 3.11` / `--python=3.11` (uv, virtualenv), `python3.11 -m venv`. */
const PYTHON_COMMAND = /(?:\bpython\s{0,2}=\s{0,2}|--python[=\s]\s{0,2}|\bpython)(3\.\d{1,2}(?:\.\d{1,3})?)(?!\.?\d)/i;
/** Lines that name a version only to say it is gone ("drop Python 3.7 support", "Python 3.8 is deprecated"). */
const RETIRED = /\b(drop(?:ped|s)?|deprecat\w*|no longer|end[- ]of[- ]life|EOL|unsupported|removed?)\b/i;

const CUDA_WORDS = /\bCUDA\s{0,3}(?:version\s{0,3}|toolkit\s{0,3})?v?(\d{2}(?:\.\d{1,2})?|\d\.\d)(?!\.?\d)/i;
const CUDA_INDEX = /download\.pytorch\.org\/whl\/(?:nightly\/)?cu(\d{2,3})\b/i;
const CUDA_CONDA = /\bpytorch-cuda\s{0,2}=\s{0,2}(\d{2}\.\d)\b/i;
const MAX_LINE = 2000;

/** Every Python version the text states, in order (at most one per line). */
export function documentedPythonVersions(text: string): DocumentedVersion[] {
  const out: DocumentedVersion[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && out.length < 20; i++) {
    const line = lines[i];
    if (line.length > MAX_LINE || !/python/i.test(line) || RETIRED.test(line)) continue;
    const words = PYTHON_WORDS.exec(line);
    if (words) {
      const bound = words[1] !== undefined && words[1] !== '==';
      const tail = (words[3] ?? '').trim();
      const exact = !bound && (tail === '' || tail === '.x');
      out.push({ line: i + 1, value: exact ? words[2] : words[0].replace(/^python\s*(?:version\s*)?/i, '').replace(/[`*_'"]/g, '').trim(), exact });
      continue;
    }
    const command = PYTHON_COMMAND.exec(line);
    if (command) out.push({ line: i + 1, value: command[1], exact: true });
  }
  return out;
}

/** The first CUDA version the text states, or null. */
export function documentedCudaVersion(text: string): DocumentedVersion | null {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length > MAX_LINE || !/cu(da|\d)|pytorch-cuda/i.test(line)) continue;
    const index = CUDA_INDEX.exec(line);
    if (index) return { line: i + 1, value: cudaFromTag(index[1]), exact: true };
    const conda = CUDA_CONDA.exec(line);
    if (conda) return { line: i + 1, value: conda[1], exact: true };
    const words = CUDA_WORDS.exec(line);
    if (words) return { line: i + 1, value: words[1], exact: true };
  }
  return null;
}

/** `121` -> `12.1`, `118` -> `11.8`, `12` -> `12`. */
export function cudaFromTag(tag: string): string {
  return tag.length === 3 ? `${tag.slice(0, 2)}.${tag.slice(2)}` : tag;
}

/** `pip install torch numpy tiktoken` in a README: packages named for a person to install, with or without versions. */
export interface DocumentedInstall {
  line: number;
  packages: string[];
}

const INSTALL = /(?:^|[\s;&|`$])(?:python3?\s+-m\s+)?(?:pip3?|uv\s+pip|conda|mamba)\s+install\s+(.+)$/;

/** The first install command that names packages (not `-r requirements.txt`, not `-e .`), or null. */
export function documentedInstall(text: string): DocumentedInstall | null {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].length > MAX_LINE || !/install/.test(lines[i])) continue;
    const match = INSTALL.exec(lines[i]);
    if (!match) continue;
    const packages: string[] = [];
    const words = match[1].replace(/`.*$/, '').split(/\s+/);
    for (let at = 0; at < words.length; at++) {
      const word = words[at];
      if (/^(-r|-e|-c|--requirement|--editable|--constraint|--index-url|--extra-index-url|-c|--channel|-n|--name|-f|--find-links)$/.test(word)) {
        at++;
        continue;
      }
      if (word.startsWith('-') || /[/\\]|^\.$|\.(txt|whl|tar\.gz|zip)$/.test(word)) continue;
      if (/^[A-Za-z][\w.-]{0,80}(\[[\w,.-]{1,80}\])?([=<>!~]=?[\w.*+-]{1,40})?$/.test(word.replace(/^["']|["']$/g, ''))) packages.push(word.replace(/^["']|["']$/g, ''));
    }
    if (packages.length > 0) return { line: i + 1, packages };
  }
  return null;
}
