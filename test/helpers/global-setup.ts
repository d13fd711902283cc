// Builds the bundles once before the suite: tests run the real `grove` bin and scripted agent.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
