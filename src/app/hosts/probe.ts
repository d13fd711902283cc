// The one script `grove hosts check` runs on a host, and the reading of its answer. Pure.
import { remotePath, shellQuote } from '../../infra/ssh/shell-quote.js';

export interface ProbeAgent {
  name: string;
  bin: string;
}

export interface ProbeAnswer {
  git: string | undefined;
  node: string | undefined;
  /** Each agent's program on the host's PATH; undefined when not found. */
  agents: Record<string, string | undefined>;
  rootWritable: boolean;
  /** Why the root folder is not writable (the shell's message). */
  rootError: string | undefined;
}

/** A POSIX sh script: one tab-separated line per fact, so any login shell noise cannot be mistaken. */
export function probeScript(root: string, agents: readonly ProbeAgent[]): string {
  const lines = [
    `printf 'grove-probe\\tgit\\t%s\\n' "$(git --version 2>/dev/null)"`,
    `printf 'grove-probe\\tnode\\t%s\\n' "$(node --version 2>/dev/null)"`,
    ...agents.map(
      (a) =>
        `printf 'grove-probe\\tagent\\t%s\\t%s\\n' ${shellQuote(a.name)} "$(command -v ${shellQuote(a.bin)} 2>/dev/null)"`,
    ),
    `R=${remotePath(root)}`,
    `T="$R/.grove-write-check.$$"`,
    `if E=$( { mkdir -p "$R" && : > "$T" && rm -f "$T"; } 2>&1 ); then printf 'grove-probe\\troot\\tok\\n'; ` +
      `else printf 'grove-probe\\troot\\tfail\\t%s\\n' "$(printf '%s' "$E" | tr '\\n' ' ')"; fi`,
  ];
  return `${lines.join('\n')}\n`;
}

export function readProbe(stdout: string): ProbeAnswer {
  const answer: ProbeAnswer = {
    git: undefined,
    node: undefined,
    agents: {},
    rootWritable: false,
    rootError: undefined,
  };
  for (const line of stdout.split('\n')) {
    const [tag, key, a = '', b = ''] = line.replace(/\r$/, '').split('\t');
    if (tag !== 'grove-probe') continue;
    if (key === 'git') answer.git = a.trim() || undefined;
    else if (key === 'node') answer.node = a.trim() || undefined;
    else if (key === 'agent') answer.agents[a] = b.trim() || undefined;
    else if (key === 'root') {
      answer.rootWritable = a === 'ok';
      answer.rootError = a === 'ok' ? undefined : b.trim() || undefined;
    }
  }
  return answer;
}

/** True when `version` (`v20.19.0`) is at least major.minor. */
export function nodeAtLeast(version: string, major: number, minor: number): boolean {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const [maj, min] = [Number(m[1]), Number(m[2])];
  return maj > major || (maj === major && min >= minor);
}
