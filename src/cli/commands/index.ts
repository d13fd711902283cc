import type { Command } from 'commander';
import { register as dashboard } from './dashboard.js';
import { register as events } from './events.js';
import { register as init } from './init.js';
import { register as plan } from './plan.js';

/** Each command lives in its own file and exports a `register(program)`; list them here. */
const COMMANDS: Array<(program: Command) => void> = [init, plan, dashboard, events];

export function registerCommands(program: Command): void {
  for (const register of COMMANDS) register(program);
}
