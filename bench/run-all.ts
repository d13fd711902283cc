// Runs every bench/*.bench.ts in its own process (one at a time: they measure wall time) and prints
// their RATIO lines together at the end. Usage: npm run bench [-- name-filter]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const filter = process.argv[2] ?? '';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
const ratios: string[] = [];
let failed = 0;
for (const file of files) {
  console.log(`== ${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write(r.stdout);
  if (r.status !== 0) {
    failed++;
    ratios.push(`${file}: FAILED (exit ${r.status ?? r.signal})`);
  }
  for (const line of r.stdout.split('\n'))
    if (line.startsWith('RATIO ')) ratios.push(line.slice('RATIO '.length));
}
console.log('\n== ratios (grove / baseline, same process)');
for (const line of ratios) console.log(`  ${line}`);
process.exitCode = failed > 0 ? 1 : 0;
