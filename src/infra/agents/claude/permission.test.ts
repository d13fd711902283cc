import { describe, expect, it } from 'vitest';
import { claudePermissionMode } from './permission.js';

describe('claudePermissionMode', () => {
  it('defaults to acceptEdits and keeps what the person asked for', () => {
    expect(claudePermissionMode(undefined, { isRoot: false, isSandbox: false })).toBe('acceptEdits');
    expect(claudePermissionMode('bypassPermissions', { isRoot: false, isSandbox: false })).toBe(
      'bypassPermissions',
    );
    expect(claudePermissionMode('plan', { isRoot: true, isSandbox: false })).toBe('plan');
  });

  it('as root, bypassPermissions only with IS_SANDBOX=1 (Claude refuses it otherwise)', () => {
    expect(claudePermissionMode('bypassPermissions', { isRoot: true, isSandbox: false })).toBe('acceptEdits');
    expect(claudePermissionMode('bypassPermissions', { isRoot: true, isSandbox: true })).toBe(
      'bypassPermissions',
    );
  });
});
