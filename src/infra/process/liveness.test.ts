import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isSameProcess, parseProcStat, processStartTime } from './liveness.js';

describe('parseProcStat', () => {
  const fields = (state: string) =>
    [state, ...Array.from({ length: 18 }, (_, i) => String(i + 4)), '987654', '21', '22'].join(' ');

  it('reads field 22 even when the command name holds spaces and parentheses', () => {
    expect(parseProcStat(`1234 (my (odd) prog) ${fields('S')}`)).toBe('987654');
  });

  it('treats a zombie as gone', () => {
    expect(parseProcStat(`1234 (node) ${fields('Z')}`)).toBeUndefined();
  });

  it('rejects a truncated line', () => {
    expect(parseProcStat('1234 (node) S 1 2')).toBeUndefined();
    expect(parseProcStat('garbage')).toBeUndefined();
  });
});

describe('process liveness', () => {
  it('knows this process and rejects a wrong start time', () => {
    const start = processStartTime(process.pid);
    expect(start).toMatch(/\S/);
    expect(isSameProcess(process.pid, start!)).toBe(true);
    expect(isSameProcess(process.pid, `${start!}0`)).toBe(false);
  });

  it('reports a process gone once it has exited and been reaped', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const pid = child.pid!;
    const start = processStartTime(pid);
    expect(start).toBeDefined();
    expect(isSameProcess(pid, start!)).toBe(true);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(processStartTime(pid)).toBeUndefined();
    expect(isSameProcess(pid, start!)).toBe(false);
  });

  it('returns undefined for impossible pids', () => {
    expect(processStartTime(0)).toBeUndefined();
    expect(processStartTime(-5)).toBeUndefined();
    expect(processStartTime(2 ** 31 - 1)).toBeUndefined();
  });
});
