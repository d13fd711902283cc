// What `grove run` and `grove up --foreground` show of a session (src/app/run/session.ts): the live
// progress, then the cycle report and who needs a person; and the exit code from how it ended.
import type { RunSessionOptions, SessionEnd, SessionUi } from '../../app/run/session.js';
import { runSession } from '../../app/run/session.js';
import { renderReportMarkdown } from '../../core/report/index.js';
import { EXIT_CODES } from '../handle-error.js';
import { emit } from '../output/emit.js';
import type { ProgressMode } from './display.js';
import { ProgressDisplay } from './display.js';

function sessionUi(json: boolean, daemon: boolean): SessionUi {
  const out = process.stdout;
  const mode: ProgressMode = json ? 'json' : out.isTTY && !daemon ? 'tty' : 'plain';
  return {
    isTTY: out.isTTY,
    display: (loop) => {
      const d = new ProgressDisplay(
        out,
        loop.rt.stores,
        loop.taskIds,
        loop.rt.ctx.config.budgets.tokens,
        mode,
      );
      return {
        line: (n) => d.line(n),
        update: () => d.update(),
        say: (text) => (mode === 'json' ? undefined : d.say(text)),
        close: () => d.close(),
      };
    },
  };
}

function printEnd(end: Extract<SessionEnd, { kind: 'done' }>, json: boolean): void {
  const { kind: _kind, message: _message, ...shown } = end;
  emit(
    { type: 'done', ...shown },
    {
      json,
      human: () => {
        const lines = [`\n${renderReportMarkdown(end.report)}`];
        if (end.needsPerson.length === 0) lines.push(`grove run: ${end.message}`);
        else {
          lines.push(`grove run: ${end.needsPerson.length} task(s) need you:`);
          for (const w of end.needsPerson) lines.push(`  ${w.id}  ${w.state}: ${w.cause}\n    → ${w.next}`);
        }
        return lines.join('\n');
      },
    },
  );
}

/** Runs the session and prints its end; returns the exit code (0 all merged, 1 some need you, 130). */
export async function runSessionCommand(opts: RunSessionOptions & { json: boolean }): Promise<number> {
  const end = await runSession(opts, sessionUi(opts.json, opts.daemon));
  if (end.kind === 'interrupted') return EXIT_CODES.INTERRUPTED;
  printEnd(end, opts.json);
  return end.needsPerson.length === 0 ? EXIT_CODES.OK : EXIT_CODES.FAILED;
}
