import { watch } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import type { Executor, ExecutorWatch, StartedWrapper, WrapperLaunch } from '../../app/executor/types.js';
import { isSameProcess, processStartTime } from '../process/liveness.js';
import { readNewLines } from '../process/output-reader.js';
import { run } from '../process/run.js';
import { readExitRecord, readWrapperSpec, spawnWrapper } from '../process/supervisor.js';
import { groupAlive, signalGroup } from '../process/supervisor-group.js';
import { listSegments, segmentPath } from '../process/supervisor-segments.js';

/** This machine: the attempt wrapper as a detached child, its files read straight from disk. */
export const localExecutor: Executor = {
  name: 'local',
  async startWrapper(launch: WrapperLaunch): Promise<StartedWrapper> {
    const { spec } = launch;
    const stale = [spec.exitPath, launch.specPath, launch.logPath];
    for (const stream of [spec.stdoutPath, spec.stderrPath]) {
      for (const k of listSegments(stream)) stale.push(segmentPath(stream, k));
    }
    await Promise.all(stale.map((f) => rm(f, { force: true })));
    const wrapper = spawnWrapper(launch);
    return { ...wrapper, processStart: processStartTime(wrapper.pid) };
  },
  readLines: readNewLines,
  readExit: readExitRecord,
  readSpec: readWrapperSpec,
  isAlive: isSameProcess,
  groupAlive,
  signalGroup,
  watch(dir: string, onChange: () => void, onGone?: () => void): ExecutorWatch | undefined {
    try {
      const w = watch(dir, onChange);
      w.on('error', () => {
        w.close();
        onGone?.();
      });
      return w;
    } catch {
      return undefined; // too many watchers, or unsupported
    }
  },
  run,
  async readFile(path: string): Promise<string | undefined> {
    try {
      return await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  },
};
