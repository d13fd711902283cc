// grove's scripted agent: a real program that follows a script file and prints Claude Code–shaped
// stream-json. Bundled to dist/scripted-agent.js. The format is in docs/scripted-agent.md.
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ArgsError, parseArgs, USAGE } from './args.js';
import { executeSteps, finishWithoutResult } from './execute.js';
import { loadScript, parseScript, ScriptError, selectReflectionSteps, selectSteps } from './load-script.js';
import { peekRun, recordRun } from './run-state.js';
import { stableUuid, StreamWriter } from './stream-writer.js';

/** Used when neither --script nor GROVE_SCRIPT names a script: say so, change nothing, complete. */
const DEFAULT_SCRIPT = `
steps:
  - say: "No script was given to the scripted agent (use --script, GROVE_SCRIPT, the agent's \\"script\\" or .grove/scripts/{{task}}.yaml)."
  - result:
      status: completed
      summary: "Scripted agent ran without a script; no changes."
`;

function writeLine(stream: NodeJS.WriteStream, line: string): void {
  stream.write(`${line}\n`);
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<number | 'hang'> {
  const args = parseArgs(process.argv.slice(2));
  if (args.version) {
    process.stdout.write('1.0.0 (grove scripted agent)\n');
    return 0;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const cwd = process.cwd();
  const scriptFile = args.script ?? process.env['GROVE_SCRIPT'];
  const script = scriptFile
    ? loadScript(resolve(cwd, scriptFile))
    : parseScript(DEFAULT_SCRIPT, '(built-in)');
  const prompt = args.prompt ?? (await readStdin());
  const task = args.task ?? process.env['GROVE_TASK_ID'] ?? basename(cwd);
  const home =
    args.home ?? process.env['GROVE_SCRIPTED_HOME'] ?? join(homedir(), '.cache', 'grove-scripted-agent');
  const sessionId = args.resume ?? args.sessionId ?? stableUuid(`${cwd}:${task}`);
  // A reflection turn is not a run of the task: run numbers stay those of the work.
  const record = args.reflect ? peekRun(home, task) : recordRun(home, task, sessionId, prompt);
  const model = args.model ?? script.model;

  const stdout = (line: string): void => writeLine(process.stdout, line);
  const stderr = (line: string): void => writeLine(process.stderr, line);
  const writer = new StreamWriter(stdout, sessionId, record.run, model, args.outputFormat);
  writer.init(cwd, args.permissionMode);
  const ctx = {
    cwd,
    script,
    writer,
    vars: { task, run: String(record.run), session: sessionId },
    stdout,
    stderr,
    planMode: args.permissionMode === 'plan',
  };
  const steps = args.reflect
    ? selectReflectionSteps(script, prompt)
    : selectSteps(script, record.run, prompt);
  const end = (await executeSteps(ctx, steps)) ?? finishWithoutResult(ctx);
  return end.kind === 'hang' ? 'hang' : end.code;
}

main().then(
  (outcome) => {
    if (outcome === 'hang') {
      // Sleep until killed: a timer keeps the event loop alive.
      setInterval(() => undefined, 1 << 30);
      return;
    }
    process.exitCode = outcome;
  },
  (error: unknown) => {
    const known = error instanceof ScriptError || error instanceof ArgsError;
    process.stderr.write(`Error: ${known ? error.message : String((error as Error).stack ?? error)}\n`);
    if (known && error instanceof ArgsError) process.stderr.write(USAGE);
    process.exitCode = known ? 2 : 1;
  },
);
