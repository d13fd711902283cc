// Shows text through the user's pager, as git does: $GROVE_PAGER, else $PAGER, else `less -FRX`, run by
// the shell (the user's own command line; grove puts nothing into it) with the text on its stdin.
import { spawn } from 'node:child_process';

function pagerCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.GROVE_PAGER || env.PAGER || 'less -FRX';
}

/** Resolves when the pager exits; false when it could not start (the caller prints the text itself). */
export function pageText(text: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const command = pagerCommand(env);
  if (command === 'cat') return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], {
      stdio: ['pipe', 'inherit', 'inherit'],
      env: { LESS: 'FRX', ...env },
    });
    let started = true;
    child.on('error', () => {
      started = false;
      resolve(false);
    });
    child.stdin.on('error', () => undefined); // the reader quit early (q in less)
    child.stdin.end(text);
    child.on('close', (code) => resolve(started && code !== 127));
  });
}
