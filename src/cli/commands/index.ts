import type { Command } from 'commander';
import { register as agents } from './agents.js';
import { register as attempt } from './attempt.js';
import { register as clean } from './clean.js';
import { register as dashboard } from './dashboard.js';
import { register as events } from './events.js';
import { register as init } from './init.js';
import { register as plan } from './plan.js';
import { register as restore } from './restore.js';
import { register as spawn } from './spawn.js';
import { register as status } from './status.js';
import { register as task } from './task.js';

/** Each command lives in its own file and exports a `register(program)`; list them here. */
const COMMANDS: Array<(program: Command) => void> = [
  init,
  plan,
  task,
  spawn,
  status,
  clean,
  restore,
  dashboard,
  events,
  agents,
  attempt,
];

export function registerCommands(program: Command): void {
  for (const register of COMMANDS) register(program);
}
