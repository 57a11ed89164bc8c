// Multi-document YAML streams (Kubernetes manifests, rule bundles) split at `---` markers, each document
// with the number of lines before it, so lines reported inside a document map back to the file. Pure.

export interface YamlDocumentText {
  text: string;
  /** Lines of the file before this document's first line. */
  lineOffset: number;
}

const MAX_DOCUMENTS = 200;

export function splitYamlDocuments(text: string): YamlDocumentText[] {
  const lines = text.split('\n');
  const documents: YamlDocumentText[] = [];
  let start = 0;
  const close = (end: number) => {
    const body = lines.slice(start, end).join('\n');
    if (body.trim() && documents.length < MAX_DOCUMENTS) documents.push({ text: body, lineOffset: start });
  };
  for (let i = 0; i < lines.length; i++) {
    if (/^(---|\.\.\.)(\s|$)/.test(lines[i])) {
      close(i);
      start = i + 1;
      // `--- !tag` or `--- value` keeps content on the marker line: treat the rest as the first line.
      if (/^---\s+\S/.test(lines[i]) && !/^---\s+#/.test(lines[i])) {
        lines[i] = lines[i].replace(/^---\s+/, '');
        start = i;
      }
    }
  }
  close(lines.length);
  return documents;
}

/**
 * Helm chart templates (`templates/*.yaml`) are YAML only after rendering. Lines holding nothing but
 * template actions (`{{- if .Values.alerts }}`) are blanked and inline actions become a placeholder,
 * so the structure around them (a PrometheusRule, a CronJob) can still be read. Line numbers are kept.
 */
export function neutraliseHelmTemplate(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.length > 2000 || !line.includes('{{')) return line; // long lines are left alone: bounded work per line
      const replaced = line.replace(/\{\{(?:[^{}\n]|\{(?!\{))*\}\}/g, 'HELM_VALUE');
      return replaced.replace(/HELM_VALUE/g, '').trim() === '' ? '' : replaced;
    })
    .join('\n');
}
