// grove's runner for GitHub's Copilot coding agent (agent adapter `copilot`), bundled to
// dist/copilot-runner.js. grove starts it like any agent process, in the task's worktree, detached and
// supervised; it hands the task to the cloud agent with `gh agent-task create`, polls the session with
// `gh agent-task view --json`, and when the session is done fetches the pull request's head into the
// worktree. Then grove's gates, review and queue take the work like any other attempt's. It prints
// Claude Code–shaped stream-json (the scripted agent's writer), so grove reads it with the Claude parser.
//
// A fix turn (`--resume <session>`) asks on the same pull request: a `@copilot` comment with the fix
// prompt, then the new session that comment starts is followed the same way.
import { run } from '../../process/run.js';
import type { AgentSession, SessionPhase } from './gh-agent-task.js';
import {
  findNewSession,
  parseCreateOutput,
  parseSessionJson,
  parseSessionListJson,
  SESSION_FIELDS,
  sessionPhase,
} from './gh-agent-task.js';
import { StreamWriter } from '../scripted/stream-writer.js';

interface RunnerArgs {
  gh: string;
  repo: string | undefined;
  remote: string;
  base: string | undefined;
  pollMs: number;
  heartbeatMs: number;
  sessionId: string;
  resume: string | undefined;
  model: string;
}

class RunnerError extends Error {}

function parseArgs(argv: readonly string[]): RunnerArgs {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined) throw new RunnerError(`${flag} needs a value`);
    return v;
  };
  const number = (flag: string, fallback: number): number => {
    const v = value(flag);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new RunnerError(`${flag} must be a positive number, not "${v}"`);
    return n;
  };
  return {
    gh: value('--gh') ?? 'gh',
    repo: value('--repo'),
    remote: value('--remote') ?? 'origin',
    base: value('--base'),
    pollMs: number('--poll-ms', 30_000),
    heartbeatMs: number('--heartbeat-ms', 60_000),
    sessionId: value('--session-id') ?? 'copilot-pending',
    resume: value('--resume'),
    model: value('--model') ?? 'copilot',
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const firstLine = (text: string): string => text.trim().split('\n')[0] ?? '';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

class Runner {
  private writer: StreamWriter;
  private readonly cwd = process.cwd();

  constructor(private readonly args: RunnerArgs) {
    this.writer = this.writerFor(args.resume ?? args.sessionId);
  }

  private writerFor(sessionId: string): StreamWriter {
    return new StreamWriter((l) => process.stdout.write(`${l}\n`), sessionId, 1, this.args.model);
  }

  /** From here on the stream names this session (grove records it, and resumes it in a fix turn). */
  private follow(sessionId: string): void {
    this.writer = this.writerFor(sessionId);
    this.writer.init(this.cwd, 'default');
  }

  say(text: string): void {
    this.writer.message([{ type: 'text', text }], { input: 0, output: 0, cache_read: 0, cache_write: 0 });
  }

  finish(isError: boolean, text: string): void {
    this.writer.result({ isError, text, costUsd: undefined });
  }

  private repoArgs(): string[] {
    return this.args.repo ? ['-R', this.args.repo] : [];
  }

  private async gh(args: string[], input?: string): Promise<string> {
    const r = await run(this.args.gh, args, {
      cwd: this.cwd,
      timeoutMs: 120_000,
      ...(input !== undefined ? { input } : {}),
    }).catch((error: unknown) => {
      throw new RunnerError(
        `${this.args.gh} (GitHub's CLI) could not be started: ${(error as Error).message}; install gh ≥ 2.80 and run \`gh auth login\``,
      );
    });
    if (r.code !== 0) {
      throw new RunnerError(
        `\`gh ${args.slice(0, 2).join(' ')}\` failed (exit ${r.code ?? r.signal}): ${firstLine(r.stderr) || firstLine(r.stdout)}`,
      );
    }
    return r.stdout;
  }

  private async git(args: string[]): Promise<{ code: number | null; out: string }> {
    const r = await run('git', args, { cwd: this.cwd, timeoutMs: 300_000 });
    return { code: r.code, out: (r.code === 0 ? r.stdout : r.stderr).trim() };
  }

  private async view(id: string): Promise<AgentSession> {
    const out = await this.gh([
      'agent-task',
      'view',
      id,
      '--json',
      SESSION_FIELDS.join(','),
      ...this.repoArgs(),
    ]);
    const session = parseSessionJson(out);
    if (!session)
      throw new RunnerError(`could not read \`gh agent-task view ${id} --json\`: ${firstLine(out)}`);
    return session;
  }

  private async list(): Promise<AgentSession[]> {
    const out = await this.gh(['agent-task', 'list', '--json', SESSION_FIELDS.join(','), ...this.repoArgs()]);
    const sessions = parseSessionListJson(out);
    if (!sessions) throw new RunnerError(`could not read \`gh agent-task list --json\`: ${firstLine(out)}`);
    return sessions;
  }

  /** The session a create or a comment started, found by polling the list (gh printed no session). */
  private async awaitNewSession(since: Date, pullRequestNumber?: number): Promise<AgentSession> {
    const taken = new Set(this.args.resume ? [this.args.resume] : []);
    for (let i = 0; i < 40; i++) {
      const found = findNewSession(await this.list(), since, {
        taken,
        ...(pullRequestNumber !== undefined ? { pullRequestNumber } : {}),
      });
      if (found) return found;
      await sleep(this.args.pollMs);
    }
    throw new RunnerError('no Copilot session appeared for this task; see https://github.com/copilot/agents');
  }

  private async start(prompt: string): Promise<string> {
    const since = new Date();
    const out = await this.gh(
      [
        'agent-task',
        'create',
        '-F',
        '-',
        ...(this.args.base ? ['--base', this.args.base] : []),
        ...this.repoArgs(),
      ],
      prompt,
    );
    const created = parseCreateOutput(out);
    if (!created)
      throw new RunnerError(`could not read what \`gh agent-task create\` printed: ${firstLine(out)}`);
    if (created.kind === 'session') return created.sessionId;
    return (await this.awaitNewSession(since)).id;
  }

  private async askAgain(previous: string, prompt: string): Promise<string> {
    const before = await this.view(previous);
    if (before.pullRequestNumber === undefined) {
      throw new RunnerError(`Copilot session ${previous} has no pull request to continue on`);
    }
    const since = new Date();
    await this.gh(
      ['pr', 'comment', String(before.pullRequestNumber), '--body-file', '-', ...this.repoArgs()],
      `@copilot ${prompt}`,
    );
    return (await this.awaitNewSession(since, before.pullRequestNumber)).id;
  }

  /** Polls the session until it is done or failed, saying each change (and, while quiet, that it still works). */
  private async waitFor(id: string): Promise<AgentSession> {
    let last: SessionPhase | undefined;
    let lastState = '';
    let lastSaid = Date.now();
    for (;;) {
      const session = await this.view(id);
      const phase = sessionPhase(session.state);
      if (session.state !== lastState) {
        this.say(
          phase === 'waiting'
            ? `Copilot is waiting for input on ${session.pullRequestUrl ?? 'its session'}; answer it there, grove keeps polling`
            : `Copilot session ${session.state}${session.pullRequestUrl ? ` (${session.pullRequestUrl})` : ''}`,
        );
        lastState = session.state;
        lastSaid = Date.now();
      } else if (Date.now() - lastSaid >= this.args.heartbeatMs) {
        this.say(`Copilot session still ${session.state}`);
        lastSaid = Date.now();
      }
      last = phase;
      if (last === 'done' || last === 'failed') return session;
      await sleep(this.args.pollMs);
    }
  }

  /** Brings the pull request's head into this worktree: fast-forward, else a merge; a conflict changes nothing. */
  private async fetchInto(pr: number): Promise<string> {
    const fetched = await this.git(['fetch', '--quiet', this.args.remote, `refs/pull/${pr}/head`]);
    if (fetched.code !== 0) {
      throw new RunnerError(
        `could not fetch pull request #${pr} from ${this.args.remote}: ${firstLine(fetched.out)}`,
      );
    }
    const tip = (await this.git(['rev-parse', 'FETCH_HEAD'])).out;
    const ff = await this.git(['merge', '--ff-only', '--quiet', tip]);
    if (ff.code === 0) return tip;
    const merged = await this.git(['merge', '--no-edit', '--quiet', tip]);
    if (merged.code === 0) return tip;
    await this.git(['merge', '--abort']);
    throw new RunnerError(
      `pull request #${pr} (${tip.slice(0, 8)}) does not merge into this task's branch: ${firstLine(merged.out)}`,
    );
  }

  async main(): Promise<number> {
    const prompt = (await readStdin()).trim();
    if (prompt.length === 0) throw new RunnerError('no prompt on stdin');
    const id = this.args.resume ? await this.askAgain(this.args.resume, prompt) : await this.start(prompt);
    this.follow(id);
    this.say(`Delegated to GitHub's Copilot coding agent: session ${id}`);
    const session = await this.waitFor(id);
    if (sessionPhase(session.state) === 'failed') {
      this.finish(
        true,
        `the Copilot session ended ${session.state}${session.pullRequestUrl ? ` (${session.pullRequestUrl})` : ''}`,
      );
      return 1;
    }
    if (session.pullRequestNumber === undefined) {
      this.finish(true, `the Copilot session completed without a pull request`);
      return 1;
    }
    const tip = await this.fetchInto(session.pullRequestNumber);
    const summary = `Copilot's pull request #${session.pullRequestNumber} (${session.name || 'untitled'}) fetched at ${tip.slice(0, 8)}`;
    this.say(summary);
    this.finish(
      false,
      `${summary}\n\n\`\`\`json\n${JSON.stringify({ status: 'completed', summary, learnings: [] })}\n\`\`\``,
    );
    return 0;
  }
}

let runner: Runner | undefined;
try {
  runner = new Runner(parseArgs(process.argv.slice(2)));
} catch (error) {
  process.stderr.write(`Error: ${(error as Error).message}\n`);
  process.exitCode = 2;
}
runner?.main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof RunnerError ? error.message : String((error as Error).stack ?? error);
    runner?.say(`Error: ${message}`);
    runner?.finish(true, message);
    process.stderr.write(`Error: ${message}\n`);
    process.exitCode = 1;
  },
);
