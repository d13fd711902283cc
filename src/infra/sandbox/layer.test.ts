// The layer names the files of sandbox-runtime's package it hands the agent: the wrapper bundles the
// runtime, which then cannot find them next to its own code.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProgram, findSandboxLayer, sandboxToolDirs } from './layer.js';

const haveTools = ['bwrap', 'socat', 'rg'].every((p) => findProgram(p, sandboxToolDirs(process.env)));

describe.runIf(process.platform === 'linux' && haveTools)('findSandboxLayer', () => {
  it("names the runtime's seccomp helper for this machine and its Java proxy agent, both present", () => {
    const layer = findSandboxLayer();
    const pkg = dirname(dirname(layer.runtime));
    expect(layer.applySeccomp).toBe(join(pkg, 'vendor/seccomp', process.arch, 'apply-seccomp'));
    expect(layer.javaAgent).toBe(join(pkg, 'vendor/java-proxy-agent/srt-proxy-agent.jar'));
    expect(existsSync(layer.applySeccomp) && existsSync(layer.javaAgent)).toBe(true);
  });
});
