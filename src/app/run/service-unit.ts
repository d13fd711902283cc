// `grove up --service`: the scheduler as a user service, so it runs without a terminal and starts with
// your session — a systemd user unit on Linux, a launchd agent on macOS. The service runs
// `grove up --foreground` in the repository; stopping it (SIGTERM) ends the loop cleanly (exit 130),
// which the unit counts as success; agents keep running across a restart, as with `grove down`.
import { basename, join } from 'node:path';

export interface ServiceInput {
  /** The repository root (the service's working directory). */
  root: string;
  /** Absolute path of node and of grove's bin script. */
  node: string;
  grove: string;
  home: string;
  dashboard: boolean;
  /** PATH for the service: agents are looked up on it. */
  path: string;
}

export interface ServiceFile {
  kind: 'systemd' | 'launchd';
  /** Where the file goes. */
  file: string;
  text: string;
  /** What to run to start it (and have it start with your session). */
  enable: string[];
}

/** A name for the service that tells repositories apart: grove-<folder>-<hash of the path>. */
export function serviceName(root: string): string {
  let h = 0;
  for (const ch of root) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const folder = basename(root).replace(/[^A-Za-z0-9_-]/g, '-') || 'repo';
  return `grove-${folder}-${h.toString(16).padStart(8, '0').slice(0, 8)}`;
}

function args(input: ServiceInput): string[] {
  return [input.node, input.grove, 'up', '--foreground', ...(input.dashboard ? [] : ['--no-dashboard'])];
}

/** systemd quotes: a word with spaces, quotes or backslashes goes in double quotes, escaped. */
function systemdWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `"${word.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

const xml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function systemdUnit(input: ServiceInput): ServiceFile {
  const name = serviceName(input.root);
  const text = [
    '[Unit]',
    `Description=grove scheduler for ${input.root}`,
    '',
    '[Service]',
    `WorkingDirectory=${systemdWord(input.root)}`,
    `ExecStart=${args(input).map(systemdWord).join(' ')}`,
    `Environment=${systemdWord(`PATH=${input.path}`)}`,
    // SIGTERM ends the loop cleanly with 130; agents are left running for the next start.
    'KillMode=process',
    'SuccessExitStatus=130',
    'Restart=on-failure',
    'RestartSec=5',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
  return {
    kind: 'systemd',
    file: join(input.home, '.config', 'systemd', 'user', `${name}.service`),
    text,
    enable: ['systemctl --user daemon-reload', `systemctl --user enable --now ${name}.service`],
  };
}

export function launchdPlist(input: ServiceInput): ServiceFile {
  const name = serviceName(input.root);
  const label = `dev.grove.${name}`;
  const text = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    `  <key>Label</key><string>${xml(label)}</string>`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...args(input).map((a) => `    <string>${xml(a)}</string>`),
    '  </array>',
    `  <key>WorkingDirectory</key><string>${xml(input.root)}</string>`,
    '  <key>EnvironmentVariables</key>',
    `  <dict><key>PATH</key><string>${xml(input.path)}</string></dict>`,
    '  <key>RunAtLoad</key><true/>',
    '  <key>KeepAlive</key><dict><key>SuccessfulExit</key><false/></dict>',
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
  const file = join(input.home, 'Library', 'LaunchAgents', `${label}.plist`);
  return { kind: 'launchd', file, text, enable: [`launchctl load -w ${file}`] };
}

export function serviceFor(platform: NodeJS.Platform, input: ServiceInput): ServiceFile {
  return platform === 'darwin' ? launchdPlist(input) : systemdUnit(input);
}
