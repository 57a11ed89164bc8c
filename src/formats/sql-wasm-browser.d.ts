// sql.js's environment-neutral build: the same wasm, without the Node branch that reads `__dirname`
// (undefined inside the ESM bundle). Typed as the package's main export.
declare module 'sql.js/dist/sql-wasm-browser.js' {
  import initSqlJs from 'sql.js';
  export default initSqlJs;
}
