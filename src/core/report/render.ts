import { formatCost, formatCount, formatDuration, formatPercent } from './format.js';
import type { CycleReport, TaskReport } from './report.js';
import { describeCap } from '../spend.js';
import { describeFleetForecast, describeTaskForecast } from '../spend-forecast.js';

/** The cycle report as Markdown: a summary, a table of tasks, and the totals. */
export function renderReportMarkdown(report: CycleReport): string {
  const t = report.totals;
  const title =
    report.cycle === null ? '# grove cycle report' : `# grove cycle report — cycle ${report.cycle}`;
  const throughput = t.throughputPerHour === null ? '—' : `${round1(t.throughputPerHour)} tasks/hour`;
  const lines: string[] = [
    title,
    '',
    `Generated ${new Date(report.generatedAt).toISOString()}. ${t.merged} of ${t.tasks} task${t.tasks === 1 ? '' : 's'} merged` +
      (t.spanMs === null ? '.' : ` in ${formatDuration(t.spanMs)} (throughput ${throughput}).`) +
      (t.wallMs === null ? '' : ` ${wallSentence(t.wallMs, t.settled)}`),
    '',
    '## Tasks',
    '',
  ];
  if (report.tasks.length === 0) {
    lines.push('No tasks in this cycle.');
  } else {
    lines.push(
      '| Task | State | Wall time | Attempts | Fix iterations | Tokens | Cost | Gates first time | Scope violations | Queue wait |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
      ...report.tasks.map(taskRow),
    );
  }
  lines.push(...hostsSection(report.tasks), ...reviewSection(report.tasks), ...bestOfSection(report));
  lines.push(
    '',
    '## Totals',
    '',
    `- Tokens: ${formatCount(t.tokens.total)} (input ${formatCount(t.tokens.input)}, output ${formatCount(t.tokens.output)}, cache write ${formatCount(t.tokens.cacheWrite)}, cache read ${formatCount(t.tokens.cacheRead)})`,
    `- Wall time: ${wallLine(t)}`,
    `- Cost: ${formatCost(t.costUsd, t.costUnknown)}${t.costUnknown ? ' (an agent reported no cost and its model has no price in config `prices`)' : ''}`,
    `- Attempts: ${t.attempts}; fix iterations: ${t.fixIterations}`,
    `- Gate pass rate: ${formatPercent(t.gatePassRate)} (${t.gatePasses} of ${t.gateRuns} runs); passed first time: ${t.firstTimePasses} of ${t.tasksVerified} tasks (${formatPercent(t.firstTimePassRate)})`,
    `- Throughput: ${throughput}`,
    `- Merge queue: ${t.queueTestRuns} test run${t.queueTestRuns === 1 ? '' : 's'}, ${formatPercent(t.queuePassRate)} passed; ${t.queueConflicts} conflict${t.queueConflicts === 1 ? '' : 's'}; median queue wait ${formatDuration(t.medianQueueWaitMs)}`,
    `- Scope violations: ${t.scopeViolations}`,
    ...(t.review.tasks === 0
      ? []
      : [
          `- Review: ${t.review.tasks} task${t.review.tasks === 1 ? '' : 's'} reviewed in ${t.review.rounds} round${t.review.rounds === 1 ? '' : 's'}; ${formatDuration(t.review.waitingMs)} waiting for review in all; ${t.review.filesDiscarded} file${t.review.filesDiscarded === 1 ? '' : 's'} discarded`,
        ]),
    `- Learnings: ${t.learnings.accepted} accepted, ${t.learnings.rejected} rejected, ${t.learnings.proposed} proposed, ${t.learnings['already-stated']} already stated, ${t.learnings.stale} stale`,
    ...spendLines(report),
    '',
  );
  return lines.join('\n');
}

/** The fleet's spend caps, and what the running tasks will cost at their burn (when any runs). */
function spendLines(report: CycleReport): string[] {
  const spend = report.spend;
  if (!spend) return [];
  const caps = spend.caps.map(
    (c) => `- Spend cap: ${describeCap(c)}${c.reached ? ' — reached: no new agent session starts' : ''}`,
  );
  const f = spend.forecast;
  if (f.tasks.length === 0) return caps;
  return [
    ...caps,
    `- Forecast: ${describeFleetForecast(f)}`,
    ...f.tasks.map((t) => `  - ${describeTaskForecast(t)}`),
  ];
}

/** The cycle's own time, which runs on past the last merge while other tasks still work. */
function wallSentence(wallMs: number, settled: boolean): string {
  return settled
    ? `The cycle took ${formatDuration(wallMs)} from the first start until the run settled.`
    : `The cycle has run ${formatDuration(wallMs)} so far (tasks are still moving).`;
}

function wallLine(t: CycleReport['totals']): string {
  if (t.wallMs === null) return '— (no task started)';
  const span = t.spanMs === null ? 'no merge yet' : `${formatDuration(t.spanMs)} to the last merge`;
  const until = t.settled ? 'first start to settled' : 'first start to now, still moving';
  return `${formatDuration(t.wallMs)} (${until}; ${span})`;
}

/** Best-of tasks: which attempt won and why, and which landed (a person may pick another). */
function bestOfSection(report: CycleReport): string[] {
  const groups = report.bestOf ?? [];
  if (groups.length === 0) return [];
  const lines = ['', '## Best-of', ''];
  for (const b of groups) {
    const verdict = b.pick
      ? `grove picked ${b.pick}`
      : b.fix
        ? `no attempt passed; ${b.fix}, the best, went to the fix loop`
        : 'no attempt produced work';
    const landed =
      b.landed === undefined
        ? 'none landed yet'
        : b.landed === b.pick
          ? `${b.landed} landed`
          : `${b.landed} landed (a person chose it)`;
    lines.push(`- **${b.group}**: ${b.ranked.length} attempts; ${verdict}; ${landed}.`);
    for (const c of b.ranked) lines.push(`  ${c.rank}. ${c.id}: ${c.why}`);
  }
  return lines;
}

/** Where the tasks ran, when any ran on a config host: per place, its tasks and how many merged. */
function hostsSection(tasks: readonly TaskReport[]): string[] {
  if (!tasks.some((t) => t.host !== null)) return [];
  const places = new Map<string, TaskReport[]>();
  for (const t of tasks) {
    const place = t.host ?? 'this machine';
    places.set(place, [...(places.get(place) ?? []), t]);
  }
  const rows = [...places.entries()].sort(([a], [b]) => a.localeCompare(b));
  return [
    '',
    '## Hosts',
    '',
    '| Host | Tasks | Merged | Which |',
    '| --- | ---: | ---: | --- |',
    ...rows.map(([place, ts]) => {
      const merged = ts.filter((t) => t.state === 'merged' || t.state === 'cleaned').length;
      const which = ts.map((t) => `\`${t.id}\``).join(', ');
      return `| ${[place, String(ts.length), String(merged), which].map(escapeCell).join(' | ')} |`;
    }),
  ];
}

/** Per reviewed task (config `review.code: required`): rounds, time waiting, time in review, discards. */
function reviewSection(tasks: readonly TaskReport[]): string[] {
  const reviewed = tasks.filter((t) => t.review !== null);
  if (reviewed.length === 0) return [];
  return [
    '',
    '## Review',
    '',
    '| Task | Review rounds | Waiting for review | In review | Files discarded |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...reviewed.map((t) => {
      const r = t.review!;
      const cells = [
        `\`${t.id}\``,
        String(r.rounds),
        formatDuration(r.waitingMs),
        formatDuration(r.inReviewMs),
        String(r.filesDiscarded),
      ];
      return `| ${cells.map(escapeCell).join(' | ')} |`;
    }),
    '',
    'Waiting for review: time in `review`, for a person to look. In review: from first arriving in review to',
    'leaving it for the last time, with the agent’s fixes and the gates run again in between.',
  ];
}

function taskRow(t: TaskReport): string {
  const gates = t.gates.firstTime === 'not-run' ? '—' : t.gates.firstTime === 'passed' ? 'yes' : 'no';
  const cells = [
    t.title === t.id ? `\`${t.id}\`` : `\`${t.id}\` ${t.title}`,
    t.state,
    formatDuration(t.wallMs),
    String(t.attempts),
    String(t.fixIterations),
    formatCount(t.tokens.total),
    formatCost(t.costUsd, t.costUnknown),
    gates,
    String(t.scopeViolations),
    formatDuration(t.queueWaitMs),
  ];
  return `| ${cells.map(escapeCell).join(' | ')} |`;
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function round1(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}
