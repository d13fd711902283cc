import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * `codex exec resume` reports the thread's usage since the session began, not this run's. Before a run
 * grove records the thread's total so far (from the session's rollout file under $CODEX_HOME/sessions)
 * in the agent's home folder; the parser subtracts it, so each attempt counts only its own tokens, even
 * when grove re-reads the output after a restart.
 *
 * The file also names the run's CODEX_HOME: a run that fails (a dropped stream) prints no usage, yet the
 * model served what the rollout recorded; the parser reads that total there, so the failed run counts
 * its own tokens and the next run, which subtracts the thread total, loses none.
 */
export const BASELINE_FILE = 'grove-codex-usage-baseline.json';

export const CodexUsageSchema = z.looseObject({
  input_tokens: z.number().nonnegative().default(0),
  cached_input_tokens: z.number().nonnegative().default(0),
  cache_write_input_tokens: z.number().nonnegative().default(0),
  output_tokens: z.number().nonnegative().default(0),
});
export type CodexUsage = z.infer<typeof CodexUsageSchema>;

export const ZERO_CODEX_USAGE: CodexUsage = {
  input_tokens: 0,
  cached_input_tokens: 0,
  cache_write_input_tokens: 0,
  output_tokens: 0,
};

const TokenCountSchema = z.looseObject({
  type: z.literal('event_msg'),
  payload: z.looseObject({
    type: z.literal('token_count'),
    info: z.looseObject({ total_token_usage: CodexUsageSchema }).nullish(),
  }),
});

function findRollout(dir: string, threadId: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const hit = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(`${threadId}.jsonl`))
    .sort()
    .pop();
  return hit === undefined ? undefined : join(dir, hit);
}

/** The thread's usage total recorded in its rollout file (zero when it cannot be found). */
export function readThreadTotal(codexHome: string, threadId: string): CodexUsage {
  const file = findRollout(join(codexHome, 'sessions'), threadId);
  if (file === undefined) return ZERO_CODEX_USAGE;
  let total = ZERO_CODEX_USAGE;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes('"token_count"')) continue;
    try {
      const parsed = TokenCountSchema.safeParse(JSON.parse(line));
      if (parsed.success && parsed.data.payload.info) total = parsed.data.payload.info.total_token_usage;
    } catch {
      // a torn last line
    }
  }
  return total;
}

/** The thread total before the run, and where the run's rollout files are. */
export interface CodexBaseline {
  usage: CodexUsage;
  codexHome?: string;
}

const BaselineFileSchema = CodexUsageSchema.extend({ codex_home: z.string().optional() });

export async function writeBaseline(homeDir: string, usage: CodexUsage, codexHome?: string): Promise<void> {
  await mkdir(homeDir, { recursive: true });
  const file = { ...usage, ...(codexHome !== undefined ? { codex_home: codexHome } : {}) };
  await writeFile(join(homeDir, BASELINE_FILE), `${JSON.stringify(file)}\n`);
}

export function readBaseline(homeDir: string): CodexBaseline {
  try {
    const { codex_home, ...usage } = BaselineFileSchema.parse(
      JSON.parse(readFileSync(join(homeDir, BASELINE_FILE), 'utf8')),
    );
    return {
      usage: CodexUsageSchema.parse(usage),
      ...(codex_home !== undefined ? { codexHome: codex_home } : {}),
    };
  } catch {
    return { usage: ZERO_CODEX_USAGE };
  }
}

/** The thread's total as its rollout recorded it, or undefined when it cannot be read. */
export function tryReadThreadTotal(codexHome: string, threadId: string): CodexUsage | undefined {
  try {
    return findRollout(join(codexHome, 'sessions'), threadId) === undefined
      ? undefined
      : readThreadTotal(codexHome, threadId);
  } catch {
    return undefined;
  }
}
