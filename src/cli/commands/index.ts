import type { Command } from 'commander';
import { register as dashboard } from './dashboard.js';
import { register as events } from './events.js';

/** Each command lives in its own file and exports a `register(program)`; list them here. */
const COMMANDS: Array<(program: Command) => void> = [dashboard, events];

export function registerCommands(program: Command): void {
  for (const register of COMMANDS) register(program);
}
