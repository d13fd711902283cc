// The demo's throwaway repository: templates/demo copied into `<parent>/tiny-shop`, made a git repo on
// branch main with a local identity and one initial commit. Worktrees go beside it, inside `parent`.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { git } from '../../infra/git/exec.js';
import type { DemoHosts } from './demo-hosts.js';
import { withHosts } from './demo-hosts.js';

export const SAMPLE_NAME = 'tiny-shop';

const LOCAL_GIT_CONFIG: Record<string, string> = {
  'user.name': 'grove demo',
  'user.email': 'demo@grove.invalid',
  'commit.gpgsign': 'false',
  'gc.auto': '0',
  'core.autocrlf': 'false',
};

export interface SampleRepoOptions {
  /** The folder to create the repository in (the demo's temp folder). */
  parent: string;
  template: string;
  /** Run every task with this agent instead of the scripted one (rewrites `default_agent`). */
  agent?: string;
  /** Spread the tasks over these SSH hosts (`grove demo --hosts`): config `hosts`, agent `host: any`. */
  hosts?: DemoHosts;
}

/** Sets `default_agent` in the sample's config, keeping its comments. */
export function withDefaultAgent(configText: string, agent: string): string {
  const doc = parseDocument(configText);
  doc.set('default_agent', agent);
  return doc.toString();
}

export async function createSampleRepo(options: SampleRepoOptions): Promise<string> {
  const root = join(options.parent, SAMPLE_NAME);
  cpSync(options.template, root, { recursive: true });
  const file = join(root, '.grove', 'config.yaml');
  let config = readFileSync(file, 'utf8');
  if (options.agent) config = withDefaultAgent(config, options.agent);
  if (options.hosts) config = withHosts(config, options.hosts);
  writeFileSync(file, config);
  await git(root, ['init', '-q', '-b', 'main']);
  for (const [key, value] of Object.entries(LOCAL_GIT_CONFIG)) await git(root, ['config', key, value]);
  await git(root, ['add', '-A']);
  await git(root, ['commit', '-q', '-m', 'tiny-shop: the sample app and its grove plan']);
  return root;
}
