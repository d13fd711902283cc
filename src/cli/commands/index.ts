import type { Command } from 'commander';

/** Each command lives in its own file and exports a `register(program)`; list them here. */
const COMMANDS: Array<(program: Command) => void> = [];

export function registerCommands(program: Command): void {
  for (const register of COMMANDS) register(program);
}
