import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Seeds `<home>/.claude.json` so Claude Code in a fresh HOME runs without its first-run screens:
 * onboarding done, the worktree (and repository) trusted, and the API key from the agent env approved.
 * Keeps whatever Claude wrote there on earlier runs.
 */
export async function seedClaudeHome(
  home: string,
  options: { trustedDirs: readonly string[]; apiKey?: string },
): Promise<void> {
  await mkdir(home, { recursive: true });
  const file = join(home, '.claude.json');
  let state: Record<string, unknown> = {};
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      state = value as Record<string, unknown>;
  } catch {
    // absent or unreadable: start fresh
  }
  const projects = { ...((state.projects ?? {}) as Record<string, Record<string, unknown>>) };
  for (const dir of options.trustedDirs) {
    projects[dir] = { ...projects[dir], hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true };
  }
  state.hasCompletedOnboarding = true;
  state.projects = projects;
  if (options.apiKey) {
    // Claude asks once whether to use a custom API key; it remembers the answer by the key's last 20 chars.
    const responses = (state.customApiKeyResponses ?? {}) as { approved?: string[]; rejected?: string[] };
    const approved = new Set(responses.approved ?? []);
    approved.add(options.apiKey.slice(-20));
    state.customApiKeyResponses = { ...responses, approved: [...approved] };
  }
  await writeFile(file, `${JSON.stringify(state, null, 2)}\n`);
}
