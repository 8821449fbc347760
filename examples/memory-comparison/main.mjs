// Run: npx --yes pnpm@12.21.0 run build, then node examples/memory-comparison/main.mjs
// Writes memory-comparison.md and memory-comparison.svg next to this file.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runMemoryComparison } from './memory-comparison.mjs';

const { markdown, svg } = runMemoryComparison();
const here = (name) => fileURLToPath(new URL(name, import.meta.url));
writeFileSync(here('memory-comparison.md'), markdown);
writeFileSync(here('memory-comparison.svg'), svg);
console.log(markdown);
console.log('wrote examples/memory-comparison/memory-comparison.md and memory-comparison.svg');
