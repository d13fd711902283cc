import { describe, expect, it } from 'vitest';
import { classifySshFailure, isSshFailure } from './ssh-failure.js';

const ctx = { name: 'box1', ssh: 'dev@10.0.0.2', port: 2222, knownHosts: undefined, identity: undefined };

// Real OpenSSH 9.2 messages.
const UNKNOWN =
  'No ED25519 host key is known for [10.0.0.2]:2222 and you have requested strict checking.\r\nHost key verification failed.\r\n';
const REFUSED = 'ssh: connect to host 10.0.0.2 port 2222: Connection refused\r\n';

describe('what an ssh failure means', () => {
  it('an unknown host key: how to add it, for the port and file in use', () => {
    const f = classifySshFailure(UNKNOWN, ctx);
    expect(f.kind).toBe('host-key-unknown');
    expect(f.message).toContain('not in ~/.ssh/known_hosts');
    expect(f.hint).toContain('`ssh-keyscan -p 2222 10.0.0.2 >> ~/.ssh/known_hosts`');
    expect(f.hint).toContain('hosts.box1.known_hosts');
    const own = classifySshFailure(UNKNOWN, { ...ctx, knownHosts: '/k/known' });
    expect(own.hint).toContain('>> /k/known');
    expect(own.hint).not.toContain('hosts.box1.known_hosts');
  });

  it('a changed key, refused, timed out, no route, unknown name, refused login', () => {
    const kind = (s: string): string => classifySshFailure(s, ctx).kind;
    expect(
      kind('@@@ WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! @@@\nHost key verification failed.'),
    ).toBe('host-key-changed');
    expect(kind(REFUSED)).toBe('refused');
    expect(kind('ssh: connect to host 10.0.0.2 port 22: Connection timed out')).toBe('timeout');
    expect(kind('ssh: connect to host 10.0.0.2 port 22: No route to host')).toBe('unreachable');
    expect(kind('ssh: Could not resolve hostname nope: Name or service not known')).toBe('unresolved');
    expect(kind('dev@10.0.0.2: Permission denied (publickey).')).toBe('auth');
    expect(kind('something else')).toBe('other');
  });

  it('exit 255 with ssh’s own words is ssh failing; a command’s own 255 or other output is not', () => {
    expect(isSshFailure(255, REFUSED)).toBe(true);
    expect(isSshFailure(1, REFUSED)).toBe(false);
    expect(isSshFailure(255, 'my script failed')).toBe(false);
  });
});
