// The meaning of every key in `.grove/config.yaml` and in task front matter. The JSON Schema, the
// README reference and `grove init`'s commented config are all generated from these and the zod
// schemas; a test fails when a schema key has no entry here.

export interface FieldDoc {
  doc: string;
  /** A value to show when the key has no default (must be valid). */
  example?: unknown;
  /** The default as a person writes it, where the schema's own is in another unit (durations). */
  default?: unknown;
}

export const CONFIG_DOCS: Record<string, FieldDoc> = {
  base: {
    doc: "Branch tasks start from and merge into. Default: the repository's default branch.",
    example: 'main',
  },
  wip: { doc: 'How many tasks may have an agent running at once (1–64).' },
  run_overlapping: {
    doc: 'Let tasks whose `owns` overlap run at the same time (conflict prediction warns, the merge queue sorts out conflicts). Off: they run in turn (priority, then id): one does not start until the other is merged, and then from a base that contains it; `grove plan` shows the order.',
  },
  worktree_path: {
    doc: 'Where task worktrees go, relative to the repository root; `{repo}` and `{id}` are replaced.',
  },
  copy: {
    doc: 'Ignored files to copy into every new worktree (globs), besides those in `.worktreeinclude`.',
  },
  ports: { doc: 'The range each task’s `GROVE_PORT` is taken from.' },
  'ports.from': { doc: 'First port of the range (1024–65535).' },
  'ports.to': { doc: 'Last port of the range; not below `from`.' },
  hooks: { doc: 'Commands run around the start of every agent.' },
  'hooks.pre_start': {
    doc: 'Runs in the new worktree before the agent starts; a failure marks the task failed.',
    example: 'npm ci',
  },
  'hooks.post_start': {
    doc: 'Runs in the background after the agent starts; its output goes to a log.',
    example: ['npm', 'run', 'dev'],
  },
  'hooks.timeout': { doc: 'How long a hook may run (`"30s"`, `"10m"`, `"1h"` or seconds).', default: '10m' },
  gates: {
    doc: 'Named commands run in the worktree after every attempt, in order; a failure goes back to the agent. A command is a shell line (string) or an argument list; `{run, timeout}` sets a timeout.',
    example: {
      test: 'npm test',
      lint: ['npm', 'run', 'lint'],
      types: { run: 'npx tsc --noEmit', timeout: '5m' },
    },
  },
  'gates.*.run': { doc: 'The gate’s command.' },
  'gates.*.timeout': { doc: 'How long the gate may run before it counts as failed.', default: '10m' },
  commit_leftovers: {
    doc: 'Commit work the agent left uncommitted before the gates run (the message names the task).',
  },
  default_agent: { doc: 'The agent a task uses when its spec names none.' },
  agents: {
    doc: 'Agents by name. `claude`, `codex`, `gemini` and `scripted` exist without being listed; an entry with one of those names replaces it.',
    example: {
      reviewer: {
        adapter: 'claude',
        bin: 'claude',
        args: ['--verbose'],
        env: { CLAUDE_CODE_MAX_OUTPUT_TOKENS: '16000' },
        model: 'sonnet',
        permission_mode: 'acceptEdits',
        prompt_via: 'arg',
      },
    },
  },
  'agents.*.adapter': { doc: 'Which adapter drives the agent: claude, codex, gemini, command or scripted.' },
  'agents.*.bin': {
    doc: 'The executable: a name on PATH or a path. Default: the adapter’s own (claude, codex, gemini).',
  },
  'agents.*.args': { doc: 'Extra arguments added to the adapter’s own.' },
  'agents.*.env': { doc: 'Extra environment variables for the agent process.' },
  'agents.*.model': { doc: 'The model to ask for (passed with the CLI’s model flag).' },
  'agents.*.permission_mode': { doc: 'Claude: acceptEdits, bypassPermissions, …; Codex: the sandbox mode.' },
  'agents.*.prompt_via': {
    doc: '`command` adapter: pass the prompt as the last argument (`arg`) or on stdin (`stdin`).',
  },
  'agents.*.script': { doc: '`scripted` adapter: the script file, relative to the repository root.' },
  'agents.*.repo': {
    doc: '`copilot` adapter (a cloud agent): the GitHub repository as owner/name; default: the one gh infers from the checkout.',
  },
  'agents.*.remote': {
    doc: '`copilot` adapter: the git remote its pull requests are fetched from (refs/pull/N/head); default origin.',
  },
  'agents.*.base': {
    doc: "`copilot` adapter: the branch on GitHub its pull request starts from; default: the repository's default branch.",
  },
  'agents.*.poll_seconds': {
    doc: '`copilot` adapter: seconds between status polls of its session; default 30.',
  },
  'agents.*.sandbox': {
    doc: 'Run the agent sandboxed (Linux; `engine`: sandbox-runtime by default, or a podman container): it sees only its worktree (read-write), the git data it commits with and read-only system folders, and reaches only `allow_hosts`. `true`, or an object. A task file `sandbox` comes first.',
  },
  'agents.*.sandbox.engine': {
    doc: 'The layer: `runtime` (Anthropic sandbox-runtime: bubblewrap and a filtering proxy) or `podman` (a container with the same policy, reaching the network through the same proxy; needs podman, and runc where crun fails). `docker` is refused (not supported yet).',
  },
  'agents.*.sandbox.image': {
    doc: "`engine: podman` only: the container image (it must hold the agent's program and `/bin/sh`). Default: this machine's root, read-only.",
  },
  'agents.*.sandbox.allow_hosts': {
    doc: 'Hosts the sandboxed agent may reach (the model API): `host`, `host:port`, `*.example.com`, `127.0.0.1:8080`.',
  },
  'agents.*.sandbox.allow_read': { doc: 'More folders the sandboxed agent may read (absolute, or `~/…`).' },
  'agents.*.sandbox.allow_write': { doc: 'More folders the sandboxed agent may write (absolute, or `~/…`).' },
  'agents.*.host': {
    doc: "A host from `hosts`: tasks of this agent run there (a task file's own `host` comes first); `any`: each task goes to the host with the most free slots (its `wip`) when it starts, and stays there. Default: this machine.",
    example: 'box1',
  },
  attempts: { doc: 'Limits for one agent run.' },
  'attempts.timeout': { doc: 'An attempt running longer than this is stopped.', default: '1h' },
  'attempts.kill_grace': {
    doc: 'Time between SIGTERM and SIGKILL when an agent is stopped.',
    default: '10s',
  },
  'attempts.output_cap': { doc: 'Bytes of agent output kept per stream before the log rotates.' },
  'attempts.nice': {
    doc: 'How much lower than grove the agents run (nice 0–19; on Linux their session’s autogroup): busy agents cannot starve the grove process that stores their output. 0: the same priority.',
  },
  budgets: {
    doc: 'Token and dollar budgets: per task (its own `budget`, else its `role`’s, else the defaults here) and caps for the whole fleet.',
  },
  'budgets.tokens': {
    doc: 'Default per-task token budget (input + output + cache writes); a task’s `budget.tokens`, or its role’s, overrides it.',
  },
  'budgets.pause_at': {
    doc: 'Fraction of the budget (0–1] at which the agent is paused and the lead notified (tokens and dollars alike).',
  },
  'budgets.usd': {
    doc: 'Default per-task dollar budget: a task whose known cost reaches `pause_at` of it is paused, like the token budget. Default: none.',
    example: 5,
  },
  'budgets.usd_per_cycle': {
    doc: 'Dollars the whole fleet may spend in the current cycle (every attempt of its tasks). At the cap no new agent session starts (first starts, retries, reassignments, resumes); running agents and fix iterations go on; the lead is told once (`spend-cap`). Unknown costs do not count as $0: the spend is shown as “at least”.',
    example: 20,
  },
  'budgets.usd_per_day': {
    doc: 'Dollars the whole fleet may spend per calendar day in local time (attempts count on the day they started); at the cap, as `usd_per_cycle`, until midnight.',
    example: 50,
  },
  'budgets.roles': {
    doc: 'Budgets per role, for tasks that name it in `role`: between a task’s own `budget` and the defaults.',
    example: { frontend: { tokens: 180000 }, backend: { tokens: 280000 } },
  },
  'budgets.roles.*.tokens': { doc: 'Token budget of the role’s tasks.', example: 180000 },
  'budgets.roles.*.usd': { doc: 'Dollar budget of the role’s tasks.', example: 3 },
  prices: {
    doc: 'USD per million tokens per model, used only for an agent attempt that reported no cost (Codex, Gemini): keyed by the model the agent reported, else the agent’s `model`. grove has default prices for common Claude, GPT and Gemini models (list prices, 2025; src/core/cost-defaults.ts): an entry here overrides them. Without a price that cost shows as unknown.',
  },
  'prices.*.input_per_mtok': { doc: 'USD per million input tokens.', example: 1.25 },
  'prices.*.output_per_mtok': { doc: 'USD per million output tokens.', example: 10 },
  'prices.*.cache_write_per_mtok': {
    doc: 'USD per million tokens written to the cache. Default: the input price.',
  },
  'prices.*.cache_read_per_mtok': {
    doc: 'USD per million tokens read from the cache. Default: the input price.',
  },
  stuck: { doc: 'When an agent counts as stuck, and what grove does then.' },
  'stuck.repeats': { doc: 'The same failure fingerprint this many times in a row means stuck (≥ 2).' },
  'stuck.idle': { doc: 'No agent output for this long while running means stuck.', default: '15m' },
  'stuck.action': {
    doc: '`reassign`: a fresh session (or `fallback_agent`) takes over; `block`: wait for a person.',
  },
  'stuck.max_reassign': { doc: 'Reassignments of a stuck task before it is blocked for a person.' },
  'stuck.fallback_agent': {
    doc: 'The agent a stuck task is reassigned to. Default: the same agent, fresh session.',
    example: 'claude',
  },
  fix: { doc: 'The fix loop: gate failures go back to the same agent session.' },
  'fix.max_iterations': { doc: 'Fix rounds per attempt before the task is blocked.' },
  queue: { doc: 'The merge queue that lands verified branches.' },
  'queue.mode': {
    doc: '`local`: grove merges into the base branch; `pr`: push and open a pull request with gh.',
  },
  'queue.method': { doc: 'How a branch lands: `squash` (one commit per task), `rebase` or `merge`.' },
  'queue.test': {
    doc: 'What runs on each speculative merge: a gate name or a command. Default: the `test` gate (none: nothing runs).',
    example: 'test',
  },
  'queue.window': {
    doc: 'Speculative window to start with (branches tested together). `auto`: what the failure rate of the last 10 tasks that left the queue justifies (a candidate is tested while it is useful one time in four); the window grows by one per task merged and halves after a failure, but not below that. A number: start there and halve down to 1.',
  },
  'queue.parallel': {
    doc: "Most candidates tested at once. `auto`: what the machine can test at once: cores × a test run's wall time ÷ the CPU it uses, measured on the queue's recent rounds (Linux; elsewhere from how much slower runs got in parallel), at most 4 × cores; 2 × cores before anything is measured. `grove queue` and `grove integrate` print why.",
  },
  'queue.remote': { doc: 'The remote `pr` mode pushes to.' },
  review: { doc: 'Whether a person reviews each task before it lands.' },
  'review.code': {
    doc: '`auto`: a task whose gates pass joins the merge queue; `required`: it waits in `review` until a person approves it (`grove approve`) or requests changes (`grove request-changes`).',
    example: 'required',
  },
  'review.plan': {
    doc: '`auto`: a task starts as soon as it is ready; `required`: no task starts until a person approves the plan (`grove plan --approve`), and a task whose spec changed or was added since the approval waits for the next one.',
    example: 'required',
  },
  agents_md: {
    doc: 'How long AGENTS.md may grow: a short, human-curated file helps agents; a long one costs tokens and helps less.',
  },
  'agents_md.max_lines': {
    doc: 'Lines in the whole AGENTS.md; `grove retro` shows where it stands and, past it, offers retiring (`--retire`) or merging (`--merge … --into`) entries.',
  },
  'agents_md.max_entries_per_section': { doc: 'Bullet entries per `##` section of AGENTS.md.' },
  compound: { doc: 'The compound phase: how lessons are gathered from each cycle for a person to curate.' },
  'compound.reflect': {
    doc: "`true`: when a task's gates pass, grove asks the same agent session, read-only (its plan mode), for the one thing the next agent should know; the answer becomes a lesson candidate in `grove retro` (source `reflection`). Not for `command` agents. A turn that fails or times out yields no candidate and never holds the task.",
    example: true,
  },
  'compound.reflect_timeout': { doc: 'How long the reflection turn may take before it is stopped.' },
  'review.agent_plan': {
    doc: "`true`: each task's agent first writes an implementation plan without editing (Claude's plan permission mode, Codex's read-only sandbox, Gemini's plan approval mode, the scripted agent's `plan` step); the task waits in `review` until a person approves the plan (`grove approve`: the same session implements it) or requests changes (`grove request-changes -m`: the same session revises it). A task's `agent_plan` overrides it. Not for `command` agents.",
    example: true,
  },
  notify: { doc: 'How the lead hears about paused, stuck and blocked tasks.' },
  'notify.command': {
    doc: 'A command run for every notification, with the notification as JSON on stdin.',
    example: ['notify-send', 'grove'],
  },
  'notify.webhook': {
    doc: 'A URL (http or https) that receives every notification as a JSON POST body.',
    example: 'http://127.0.0.1:9000/grove',
  },
  'notify.ntfy': {
    doc: "An ntfy topic URL (https://ntfy.sh/<topic> or your own server): a phone push, with a link to the task's dashboard page, for what needs a person (review, budget, spend-cap, stuck, blocked, conflict, failed, done).",
    example: 'https://ntfy.sh/my-grove-7f3a',
  },
  'notify.desktop': {
    doc: 'A desktop notification (notify-send on Linux, osascript on macOS) for what needs a person, with the dashboard link.',
  },
  'notify.bell': { doc: 'Also ring the terminal bell in `grove run`.' },
  dashboard: { doc: 'The local dashboard server.' },
  'dashboard.port': { doc: 'Port of the dashboard (0: any free port).' },
  'dashboard.host': { doc: 'Address the dashboard listens on.' },
  hosts: {
    doc: 'Machines agents may run on, by name, reached with the system OpenSSH client (your ~/.ssh/config, agent and known_hosts apply; host keys are always checked). `grove hosts check` says whether each is ready.',
    example: { box1: { ssh: 'dev@box1.example.com', root: '~/grove', wip: 4 } },
  },
  'hosts.*.ssh': {
    doc: '`user@host`, `host`, or an alias from ~/.ssh/config.',
    example: 'dev@box1.example.com',
  },
  'hosts.*.port': { doc: 'SSH port (default: 22, or what ~/.ssh/config says).', example: 22 },
  'hosts.*.identity': {
    doc: 'Private key file to log in with (default: your SSH agent and keys).',
    example: '~/.ssh/id_ed25519',
  },
  'hosts.*.root': {
    doc: 'Folder on the host grove works in: absolute, or `~/…` for the login user’s home.',
    example: '~/grove',
  },
  'hosts.*.wip': {
    doc: 'How many tasks may run on this host at once (1–64); the global `wip` still applies.',
  },
  'hosts.*.known_hosts': {
    doc: 'A known_hosts file to check this host’s key against instead of ~/.ssh/known_hosts (relative to the repository root, absolute, or `~/`). Checking stays strict.',
    example: '.grove/known_hosts',
  },
  'hosts.*.lost_after': {
    doc: 'Seconds this host may go without answering before the attempts on it count as lost, with a reason naming the host (until then they are alive-but-unknown: a network blip loses nothing). Default: 120.',
  },
  'hosts.*.fallback': {
    doc: 'Another host of `hosts`: when this one cannot be reached as an attempt starts (such as the retry after its attempt was lost because the host disappeared), the attempt runs there. Default: none (the task fails with the reason).',
    example: 'box2',
  },
};

export const TASK_DOCS: Record<string, FieldDoc> = {
  id: {
    doc: 'The task id: the file name without `.md`; lowercase letters, digits and dashes (also the branch `grove/<id>`).',
    example: 'add-login',
  },
  title: { doc: 'One line saying what the task does.', example: 'Add a login form' },
  owns: {
    doc: 'Globs of the paths this task may change; changes elsewhere fail the ownership gate.',
    example: ['src/login/**'],
  },
  reads: { doc: 'Globs of paths the agent should read for context.' },
  depends_on: { doc: 'Tasks that must be merged before this one starts.' },
  agent: { doc: 'The agent that works on the task. Default: config `default_agent`.', example: 'claude' },
  role: {
    doc: 'A role from config `budgets.roles` (e.g. `frontend`): its budget applies where the task’s own `budget` gives none.',
    example: 'frontend',
  },
  budget: { doc: 'This task’s budget: it wins over its role’s and the defaults.' },
  'budget.tokens': {
    doc: 'Token budget for the task. Default: its role’s, else config `budgets.tokens`.',
    example: 500000,
  },
  'budget.usd': {
    doc: 'Dollar budget for the task. Default: its role’s, else config `budgets.usd` (none).',
    example: 2,
  },
  accept: { doc: 'Commands that prove the task done, run as gates in the worktree after the config gates.' },
  priority: { doc: 'Higher runs first among ready tasks.' },
  agent_plan: {
    doc: 'The agent first writes an implementation plan without editing, for a person to approve (`grove approve`) or send back (`grove request-changes`); then the same session implements it. Default: config `review.agent_plan`. Not for `command` agents.',
    example: true,
  },
  attempts: {
    doc: 'Best-of-N: run this many attempts in parallel (tasks `<id>-try1` … `<id>-tryN`, each its own worktree and branch), gate each, rank them (gates and acceptance commands passed, then diff size, tokens, cost, time) and keep one; the tip of every attempt stays as refs/grove/best-of/<id>/<attempt> until `grove clean --force` once one landed (see _Best-of-N_). 1 to 8; default 1 (or the length of `agents`).',
    example: 3,
  },
  agents: {
    doc: 'Agents for the best-of attempts, in order (cycled when `attempts` is larger). Default: `agent` for every attempt.',
    example: ['claude', 'codex', 'gemini'],
  },
  sandbox: {
    doc: 'Run this task agent sandboxed (see the agent `sandbox` key): `true`, `false`, or an object with `allow_hosts`, `allow_read`, `allow_write`, `engine`, `image`. Default: the agent `sandbox`.',
  },
  'sandbox.engine': {
    doc: 'The layer for this task agent: `runtime` or `podman` (as the agent `sandbox.engine`).',
  },
  'sandbox.image': { doc: '`engine: podman` only: the container image (as the agent `sandbox.image`).' },
  'sandbox.allow_hosts': { doc: 'Hosts this task agent may reach (as the agent `sandbox.allow_hosts`).' },
  'sandbox.allow_read': { doc: 'More folders this task agent may read (absolute, or `~/…`).' },
  'sandbox.allow_write': { doc: 'More folders this task agent may write (absolute, or `~/…`).' },
  host: {
    doc: "A host from config `hosts`: the agent runs in a worktree on that machine over SSH, and its branch comes back here for the gates and the merge queue. `any`: the host with the most free slots (its `wip`) when the task starts; the task stays there. A host takes at most its `wip` tasks at once. Default: the agent's `host`, else this machine.",
    example: 'box1',
  },
};
