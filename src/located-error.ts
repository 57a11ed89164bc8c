// An error in a file the user gave us (policy, engagement list), located as `file:line:column: reason`.
export class LocatedFileError extends Error {
  constructor(
    readonly reason: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}:${column ?? 1}` : ''}: ${reason}`);
    this.name = new.target.name;
  }
}
