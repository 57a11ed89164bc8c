// Entry point of dist/cli.js.
import { main } from './cli.js';
import { limitHeapGrowth } from './heap-growth.js';

limitHeapGrowth();

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
