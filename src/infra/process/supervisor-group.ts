import { readdirSync, readFileSync } from 'node:fs';

/**
 * Process-group helpers. An attempt's wrapper is the leader of its own group (pgid = wrapper pid) and
 * the agent runs in that group, so signalling -pgid reaches both.
 */

/** Sends `signal` to every process in the group; false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) return false;
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** The live (not zombie) processes of group `pgid`, read from /proc. */
export function groupMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    // No /proc (macOS, BSD): the kernel's answer to signal 0 is the best available.
    return signalGroup(pgid, 0 as unknown as NodeJS.Signals) ? [pgid] : [];
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const rest = stat
      .slice(stat.lastIndexOf(')') + 1)
      .trim()
      .split(/\s+/);
    // rest[0] is field 3 (state); rest[2] is field 5 (pgrp).
    if (rest[0] !== 'Z' && rest[0] !== 'X' && Number(rest[2]) === pgid) members.push(Number(entry));
  }
  return members;
}

export function groupAlive(pgid: number): boolean {
  return groupMembers(pgid).length > 0;
}
