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
import { register as runCmd } from './run.js';
import { register as upCmd } from './up.js';
import { register as downCmd } from './down.js';
import { register as pauseCmd } from './pause.js';
import { register as resumeCmd } from './resume.js';
import { register as stopCmd } from './stop.js';
import { register as retryCmd } from './retry.js';
import { register as reassignCmd } from './reassign.js';
import { register as abandonCmd } from './abandon.js';
import { register as task } from './task.js';
import { register as report } from './report.js';
import { register as retro } from './retro.js';
import { register as note } from './note.js';
import { register as conflicts } from './conflicts.js';
import { register as integrate } from './integrate.js';
import { register as queue } from './queue.js';
import { register as demo } from './demo.js';
import { register as approveScope } from './approve-scope.js';
import { register as verify } from './verify.js';
import { register as gates } from './gates.js';
import { register as review } from './review.js';
import { register as approve } from './approve.js';
import { register as requestChanges } from './request-changes.js';

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
  runCmd,
  upCmd,
  downCmd,
  pauseCmd,
  resumeCmd,
  stopCmd,
  retryCmd,
  reassignCmd,
  abandonCmd,
  report,
  retro,
  note,
  conflicts,
  integrate,
  queue,
  demo,
  approveScope,
  verify,
  gates,
  review,
  approve,
  requestChanges,
];

export function registerCommands(program: Command): void {
  for (const register of COMMANDS) register(program);
}
