export * from './graph.js';
export * from './cycles.js';
export * from './waves.js';
export * from './parallel-safety.js';
export * from './overlap-order.js';
export * from './approval.js';
