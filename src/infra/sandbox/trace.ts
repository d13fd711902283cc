import { performance } from 'node:perf_hooks';

/**
 * With GROVE_SANDBOX_TRACE=1 in its environment, the attempt wrapper writes each step of its sandbox's
 * start on stderr (its log, `<attempt>.wrapper.log`) as `sandbox-trace <step> <ms since the process
 * started>`: how bench/sandbox.bench.ts finds where the start-up time goes.
 */
export function traceStep(step: string): void {
  if (process.env.GROVE_SANDBOX_TRACE !== '1') return;
  process.stderr.write(`sandbox-trace ${step} ${performance.now().toFixed(1)}\n`);
}
