import { run } from '../../infra/process/run.js';

/** Opens the URL in the desktop's browser; a failure only means the person opens it themselves. */
export async function openBrowser(url: string, cwd: string): Promise<void> {
  const opener = process.platform === 'darwin' ? 'open' : 'xdg-open';
  await run(opener, [url], { cwd, timeoutMs: 10_000 }).catch(() => undefined);
}
