// How firmly one version constraint fixes a package, beyond the exact pins the parsers recognise: a minor-series
// pin (`==1.27.*`, conda `=1.18.*`, `~=2.0.1`) and a template placeholder where a version should be. Pure.

/**
 * The series a constraint fixes to its minor version, or null. `==1.27.*`, `=1.18.*` (conda) and `~=2.0.1`
 * (PEP 440: `>=2.0.1, ==2.0.*`) leave only patch releases open, as conda's own `=1.18` does, which is already
 * counted as pinned; `==1.*` and `~=0.16` leave minor releases open and fix nothing more than a range.
 */
export function minorSeriesOf(constraint: string): string | null {
  const text = constraint.replace(/\s+/g, '');
  const wildcard = /^={1,2}(\d+\.\d+(?:\.\d+)*)\.\*$/.exec(text);
  if (wildcard) return wildcard[1];
  const compatible = /^~=(\d+\.\d+(?:\.\d+)+)$/.exec(text);
  if (compatible) return compatible[1].slice(0, compatible[1].lastIndexOf('.'));
  return null;
}

/**
 * The constraint part of a conda or pip dependency as written in an environment file: `numpy=1.18.*` ->
 * `=1.18.*`, `conda-forge::jq` -> ``, `azureml-sdk[notebooks]==1.27.* ; python_version<"3.8"` -> `==1.27.*`.
 */
export function constraintOf(spec: string): string {
  const clean = spec.trim().replace(/^[\w.-]+::/, '');
  const match = /^[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*([^;]*)/.exec(clean);
  return (match?.[1] ?? '').trim();
}

/**
 * A Jinja/cookiecutter/copier placeholder (`{{ cookiecutter.python_version }}`, `{% if %}`): a template's
 * stand-in for what the generated project will say, not a version anyone stated.
 */
export function hasTemplatePlaceholder(text: string): boolean {
  return /\{\{|\{%/.test(text);
}
