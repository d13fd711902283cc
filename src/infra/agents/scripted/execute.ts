import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { run } from '../../process/run.js';
import type { ResultSpec, Script, Step, UsageSpec } from './script-schema.js';
import type { AssistantBlock, StreamWriter } from './stream-writer.js';
import { expandVars, resultText, shellQuote } from './text.js';

export interface ExecContext {
  cwd: string;
  script: Script;
  writer: StreamWriter;
  vars: Record<string, string>;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** `--permission-mode plan`: file edits and commits are refused, as Claude Code refuses them. */
  planMode?: boolean;
}

/** How a run ends: exit with a code, or hang until killed. */
export type RunEnd = { kind: 'exit'; code: number } | { kind: 'hang' };

type ToolOutcome = { name: string; input: Record<string, unknown>; result: string; isError: boolean };

/** The run's cost from the script's `price`; undefined when the script reports none (`report_cost`). */
export function costUsd(script: Script, u: UsageSpec): number | undefined {
  if (!script.report_cost) return undefined;
  const p = script.price;
  const dollars =
    (u.input * p.input + u.output * p.output + u.cache_read * p.cache_read + u.cache_write * p.cache_write) /
    1e6;
  return Math.round(dollars * 1e6) / 1e6;
}

/** Runs the steps in order; stops at `result`, `exit` or `hang`. */
export async function executeSteps(ctx: ExecContext, steps: readonly Step[]): Promise<RunEnd | undefined> {
  for (const raw of steps) {
    const end = await executeStep(ctx, expandVars(raw, ctx.vars));
    if (end) return end;
  }
  return undefined;
}

/** What a run without a `result` step prints at the end: a result line with the last text. */
export function finishWithoutResult(ctx: ExecContext): RunEnd {
  ctx.writer.result({
    isError: false,
    text: ctx.writer.lastText,
    costUsd: costUsd(ctx.script, ctx.writer.totals),
  });
  return { kind: 'exit', code: 0 };
}

async function executeStep(ctx: ExecContext, step: Step): Promise<RunEnd | undefined> {
  const usage = step.usage ?? ctx.script.default_usage;
  const tool = await toolOf(ctx, step);
  if (tool) {
    const id = ctx.writer.newToolId();
    const blocks: AssistantBlock[] = [];
    if (step.say !== undefined) blocks.push({ type: 'text', text: step.say });
    blocks.push({ type: 'tool_use', id, name: tool.name, input: tool.input });
    ctx.writer.message(blocks, usage);
    ctx.writer.toolResult(id, tool.result, tool.isError);
    if (step.read) {
      const found =
        !tool.isError && (step.read.contains === undefined || tool.result.includes(step.read.contains));
      const branch = found ? step.read.then : step.read.else;
      return branch ? executeSteps(ctx, branch) : undefined;
    }
    return undefined;
  }
  if (step.result) return finishWithResult(ctx, step.result, step.say, usage);
  if (step.plan !== undefined) return finishWithPlan(ctx, step.plan, step.say, usage);
  if (step.reflect !== undefined) return finishWithPlan(ctx, step.reflect, step.say, usage);
  if (step.flood) {
    floodOutput(ctx, step.flood, usage);
    return undefined;
  }
  if (step.say !== undefined) ctx.writer.message([{ type: 'text', text: step.say }], usage);
  else if (step.usage) {
    ctx.writer.message(
      [{ type: 'thinking', thinking: 'Thinking about the task.', signature: 'scripted' }],
      usage,
    );
  }
  if (step.error !== undefined) {
    const e =
      typeof step.error === 'string' ? { message: step.error, stream: 'stdout' as const } : step.error;
    (e.stream === 'stderr' ? ctx.stderr : ctx.stdout)(`Error: ${e.message}`);
  }
  if (step.exit !== undefined) return { kind: 'exit', code: step.exit };
  if (step.sleep !== undefined) await delay(step.sleep);
  if (step.ignore_sigterm) {
    process.on('SIGTERM', () => {
      ctx.stdout(JSON.stringify({ type: 'system', subtype: 'scripted_sigterm_ignored', pid: process.pid }));
    });
  }
  if (step.hang) return { kind: 'hang' };
  if (step.repeat) {
    for (let i = 0; i < step.repeat.times; i++) {
      const end = await executeSteps({ ...ctx, vars: { ...ctx.vars, i: String(i + 1) } }, step.repeat.steps);
      if (end) return end;
    }
  }
  return undefined;
}

function finishWithResult(
  ctx: ExecContext,
  r: ResultSpec,
  say: string | undefined,
  usage: UsageSpec,
): RunEnd {
  const text = resultText(r, say);
  ctx.writer.message([{ type: 'text', text }], usage);
  ctx.writer.result({ isError: r.is_error, text, costUsd: costUsd(ctx.script, ctx.writer.totals) });
  return { kind: 'exit', code: r.exit_code };
}

/** A plan turn's end: the plan is the final message and the result (no result-contract block). */
function finishWithPlan(ctx: ExecContext, plan: string, say: string | undefined, usage: UsageSpec): RunEnd {
  const text = say !== undefined ? `${say}\n\n${plan}` : plan;
  ctx.writer.message([{ type: 'text', text }], usage);
  ctx.writer.result({ isError: false, text, costUsd: costUsd(ctx.script, ctx.writer.totals) });
  return { kind: 'exit', code: 0 };
}

/** What Claude Code answers a write tool with in plan mode; nothing is changed. */
function refusedInPlanMode(name: string, input: Record<string, unknown>): ToolOutcome {
  return {
    name,
    input,
    result: `<tool_use_error>Plan mode is active: ${name} is not allowed until the plan is approved.</tool_use_error>`,
    isError: true,
  };
}

/** The tool a step would call, for the refusal in plan mode (run steps are not refused: see docs). */
function editToolOf(ctx: ExecContext, step: Step): ToolOutcome | undefined {
  const abs = (p: string): string => resolve(ctx.cwd, p);
  if (step.write)
    return refusedInPlanMode('Write', { file_path: abs(step.write.path), content: step.write.content });
  if (step.append) return refusedInPlanMode('Write', { file_path: abs(step.append.path) });
  if (step.edit)
    return refusedInPlanMode('Edit', { file_path: abs(step.edit.path), old_string: step.edit.find });
  if (step.delete !== undefined)
    return refusedInPlanMode('Bash', { command: `rm -rf ${shellQuote(abs(step.delete))}` });
  if (step.commit !== undefined) return refusedInPlanMode('Bash', { command: 'git commit' });
  return undefined;
}

function floodOutput(ctx: ExecContext, f: NonNullable<Step['flood']>, usage: UsageSpec): void {
  const write = f.stream === 'stderr' ? ctx.stderr : ctx.stdout;
  if (f.format === 'raw') {
    const line = 'x'.repeat(f.line_bytes - 1);
    for (let sent = 0; sent < f.bytes; sent += f.line_bytes) write(line);
    return;
  }
  // json: one message of many text blocks; each line is about line_bytes long.
  const count = Math.max(1, Math.ceil(f.bytes / f.line_bytes));
  const text = 'y'.repeat(Math.max(1, f.line_bytes - 420));
  ctx.writer.message(
    Array.from({ length: count }, () => ({ type: 'text' as const, text })),
    usage,
  );
}

/** Performs a tool step (file edits, commands, commits) and describes it as a Claude tool call. */
async function toolOf(ctx: ExecContext, step: Step): Promise<ToolOutcome | undefined> {
  if (ctx.planMode === true) {
    const refused = editToolOf(ctx, step);
    if (refused) return refused;
  }
  const abs = (p: string): string => resolve(ctx.cwd, p);
  if (step.read) {
    const file = abs(step.read.path);
    const text = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    return {
      name: 'Read',
      input: { file_path: file },
      result: text ?? `<tool_use_error>File does not exist: ${file}</tool_use_error>`,
      isError: text === undefined,
    };
  }
  if (step.write) {
    const file = abs(step.write.path);
    const existed = existsSync(file);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, step.write.content);
    return {
      name: 'Write',
      input: { file_path: file, content: step.write.content },
      result: existed ? `The file ${file} has been updated.` : `File created successfully at: ${file}`,
      isError: false,
    };
  }
  if (step.append) {
    const file = abs(step.append.path);
    const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, before + step.append.content);
    return {
      name: 'Write',
      input: { file_path: file, content: before + step.append.content },
      result: `The file ${file} has been updated.`,
      isError: false,
    };
  }
  if (step.edit) {
    const e = step.edit;
    const file = abs(e.path);
    const input = { file_path: file, old_string: e.find, new_string: e.replace, replace_all: e.all };
    const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (before === undefined) {
      return {
        name: 'Edit',
        input,
        result: `<tool_use_error>File does not exist.</tool_use_error>`,
        isError: true,
      };
    }
    if (!before.includes(e.find)) {
      const msg = `<tool_use_error>String to replace not found in file.\nString: ${e.find}</tool_use_error>`;
      return { name: 'Edit', input, result: msg, isError: true };
    }
    writeFileSync(
      file,
      e.all ? before.split(e.find).join(e.replace) : before.replace(e.find, () => e.replace),
    );
    return { name: 'Edit', input, result: `The file ${file} has been updated.`, isError: false };
  }
  if (step.delete !== undefined) {
    const file = abs(step.delete);
    rmSync(file, { force: true, recursive: true });
    return bashOutcome(`rm -rf ${shellQuote(file)}`, 'Delete a file', '', false);
  }
  if (step.run) {
    const argv = Array.isArray(step.run) ? step.run : step.run.argv;
    // No default timeout: with one, run() puts the command in its own process group, and stopping
    // the agent (a signal to its group) would leave it behind.
    const timeoutMs = Array.isArray(step.run) ? undefined : step.run.timeout_ms;
    const [file, ...args] = argv as [string, ...string[]];
    const r = await run(file, args, { cwd: ctx.cwd, timeoutMs }).catch((e: Error) => ({
      code: 127,
      stdout: '',
      stderr: e.message,
      timedOut: false,
    }));
    const output = `${r.stdout}${r.stderr}`.trimEnd();
    const failed = r.code !== 0;
    const text = failed ? `Error: Exit code ${r.code ?? (r.timedOut ? 'timeout' : '?')}\n${output}` : output;
    return bashOutcome(argv.map(shellQuote).join(' '), 'Run a command', text, failed);
  }
  if (step.commit !== undefined) {
    const message = typeof step.commit === 'string' ? step.commit : step.commit.message;
    const add = await run('git', ['add', '-A'], { cwd: ctx.cwd });
    const commit = add.code === 0 ? await run('git', ['commit', '-q', '-m', message], { cwd: ctx.cwd }) : add;
    const output = `${commit.stdout}${commit.stderr}`.trimEnd();
    const failed = commit.code !== 0;
    const command = `git add -A && git commit -m ${shellQuote(message)}`;
    return bashOutcome(
      command,
      'Commit the changes',
      failed ? `Error: Exit code ${commit.code}\n${output}` : output,
      failed,
    );
  }
  return undefined;
}

function bashOutcome(command: string, description: string, result: string, isError: boolean): ToolOutcome {
  return { name: 'Bash', input: { command, description }, result, isError };
}
