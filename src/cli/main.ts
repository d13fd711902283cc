import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { handleError } from './handle-error.js';

export function buildProgram(): Command {
  const program = new Command('grove')
    .description(
      'Run several AI coding agents in parallel on one repository, each in its own git worktree:\nplan → spawn → monitor → verify → integrate → compound.',
    )
    .version('0.1.0')
    .showHelpAfterError('(run `grove <command> --help` for usage)')
    .exitOverride();
  registerCommands(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    process.exitCode = handleError(error, process.stderr);
  }
}

await main(process.argv);
