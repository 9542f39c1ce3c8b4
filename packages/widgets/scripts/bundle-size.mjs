// Prints the gzipped sizes of the built widgets and fails when they exceed the budget (issue 6: all widgets together
// ≤ 60 KB gzipped), measured on the self-contained widgets.js that holds every element. The per-widget build's files
// are printed too; their sum is larger (each file is compressed on its own) and is reported, not enforced.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 60 * 1024;
const dist = new URL('../dist/', import.meta.url);
const gz = (name) => gzipSync(readFileSync(new URL(name, dist)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const scripts = readdirSync(dist).filter((name) => name.endsWith('.js'));
const bundle = gz('widgets.js');
const split = scripts.filter((name) => name !== 'widgets.js');
const splitTotal = split.reduce((sum, name) => sum + gz(name), 0);

console.log(`widgets.js (all widgets, one file): ${kb(bundle)} gzipped`);
console.log(`per-widget entries + shared chunks (${split.length} files): ${kb(splitTotal)} gzipped in total`);
for (const name of split.sort()) console.log(`  ${name.padEnd(40)} ${kb(gz(name))}`);
if (bundle > BUDGET_BYTES) {
  console.error(`over the ${kb(BUDGET_BYTES)} budget`);
  process.exit(1);
}
