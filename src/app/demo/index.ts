// `grove demo` (issue 9): the whole loop on a throwaway sample repository.
export type { DemoAgent } from './agent-check.js';
export { DEMO_AGENTS, checkRealAgent } from './agent-check.js';
export type { DemoCheck, DemoOutcome, DemoTaskFacts } from './outcome.js';
export { DEMO_DESIGN, checkDemoOutcome } from './outcome.js';
export type { DemoProposal } from './proposals.js';
export type { DemoEnd, DemoObserver, DemoOptions, DemoResult } from './run-demo.js';
export { runDemo } from './run-demo.js';
export { SAMPLE_NAME, createSampleRepo, withDefaultAgent } from './sample-repo.js';
export { demoTemplateDir } from './template-dir.js';
export type { DemoHosts } from './demo-hosts.js';
export { readDemoHosts, withHosts } from './demo-hosts.js';
