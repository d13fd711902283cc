import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../shared/errors.js';
import { validateConfigText } from './validate-config.js';

const FILE = '.grove/config.yaml';
const check = (text: string): string[] => validateConfigText(text, FILE).problems.map(formatProblem);

describe('config hosts', () => {
  it('a host with ssh and root is valid; wip defaults to 2', () => {
    const r = validateConfigText('hosts:\n  box1: {ssh: dev@box1, root: ~/grove, port: 2222}\n', FILE);
    expect(r.problems).toEqual([]);
    expect(r.config?.hosts['box1']).toEqual({ ssh: 'dev@box1', root: '~/grove', port: 2222, wip: 2 });
  });

  it('bad values are errors at their line, saying what to write', () => {
    expect(
      check(
        'hosts:\n  box1:\n    ssh: "-oProxyCommand=x"\n    root: grove\n    wip: 0\n  Bad: {ssh: a, root: /x}\n  b2: {ssh: a, root: /x, user: z}\n  b3: {root: /x}\n',
      ),
    ).toEqual([
      `${FILE}:3: hosts.box1.ssh: the text "-oProxyCommand=x" is not valid: write \`user@host\`, \`host\` or an ~/.ssh/config alias (no spaces, not starting with "-")`,
      `${FILE}:4: hosts.box1.root: the text "grove" is not valid: write an absolute folder on the host (\`/srv/grove\`) or \`~/grove\``,
      `${FILE}:5: hosts.box1.wip: must be at least 1, got 0 — write e.g. \`wip: 2\``,
      `${FILE}:6: hosts.Bad: \`Bad\` is not a valid name — use lowercase letters, digits, \`_\` and \`-\`, starting with a letter`,
      `${FILE}:7: hosts.b2.user: unknown key \`user\` — known keys here: ssh, port, identity, root, wip, known_hosts, lost_after, fallback`,
      expect.stringContaining(`${FILE}:8: hosts.b3.ssh:`) as unknown as string,
    ]);
  });

  it('refuses a host named `any` (it means whichever host has room) and a fallback to nowhere', () => {
    expect(check('hosts:\n  any: {ssh: a, root: /x}\n  b1: {ssh: a, root: /x, fallback: b9}\n')).toEqual([
      expect.stringMatching(/hosts\.any: rename this host: `host: any` means/) as unknown as string,
      expect.stringMatching(/hosts\.b1\.fallback: name another host of `hosts` \(any\)/) as unknown as string,
    ]);
  });
});
