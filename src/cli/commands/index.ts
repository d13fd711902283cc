// Every command, each in its own file exporting `register(program)`. The modules load only when their
// command runs (`grove status` loads status.js and what it imports, not the dashboard or the queue);
// `grove --help`, `grove help` and an unknown command load them all, `grove --version` none.
import type { Command } from 'commander';

type CommandModule = { register: (program: Command) => void };

/** In the order `grove --help` lists them; the key is the command's name (its file's name). */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<CommandModule>]> = [
  ['init', () => import('./init.js')],
  ['plan', () => import('./plan.js')],
  ['task', () => import('./task.js')],
  ['spawn', () => import('./spawn.js')],
  ['status', () => import('./status.js')],
  ['clean', () => import('./clean.js')],
  ['restore', () => import('./restore.js')],
  ['dashboard', () => import('./dashboard.js')],
  ['events', () => import('./events.js')],
  ['agents', () => import('./agents.js')],
  ['hosts', () => import('./hosts.js')],
  ['attempt', () => import('./attempt.js')],
  ['run', () => import('./run.js')],
  ['up', () => import('./up.js')],
  ['down', () => import('./down.js')],
  ['pause', () => import('./pause.js')],
  ['resume', () => import('./resume.js')],
  ['stop', () => import('./stop.js')],
  ['retry', () => import('./retry.js')],
  ['reassign', () => import('./reassign.js')],
  ['abandon', () => import('./abandon.js')],
  ['report', () => import('./report.js')],
  ['retro', () => import('./retro.js')],
  ['note', () => import('./note.js')],
  ['conflicts', () => import('./conflicts.js')],
  ['integrate', () => import('./integrate.js')],
  ['queue', () => import('./queue.js')],
  ['demo', () => import('./demo.js')],
  ['approve-scope', () => import('./approve-scope.js')],
  ['verify', () => import('./verify.js')],
  ['gates', () => import('./gates.js')],
  ['review', () => import('./review.js')],
  ['approve', () => import('./approve.js')],
  ['request-changes', () => import('./request-changes.js')],
  ['discard', () => import('./discard.js')],
  ['adopt', () => import('./adopt.js')],
];
/** Other names a module registers. */
const ALIASES: Readonly<Record<string, string>> = { ls: 'status' };

/** The command the arguments name (`none`: a bare `--version`, no command), undefined when all are needed. */
export function commandIn(args: readonly string[]): string | undefined {
  const first = args.find((a) => !a.startsWith('-'));
  if (first !== undefined) return ALIASES[first] ?? first;
  return args.length > 0 && args.every((a) => a === '--version' || a === '-V') ? 'none' : undefined;
}

/** Registers the command `args` (argv after `grove`) name, or all of them when it names none we know. */
export async function registerCommands(program: Command, args: readonly string[]): Promise<void> {
  const wanted = commandIn(args);
  if (wanted === 'none') return;
  const one = COMMANDS.find(([name]) => name === wanted);
  const modules = await Promise.all((one ? [one] : COMMANDS).map(([, load]) => load()));
  for (const m of modules) m.register(program);
}
