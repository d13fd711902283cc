export { candidateTasks, planCandidateSizes } from './candidates.js';
export { mulberry32 } from './prng.js';
export type {
  Bisection,
  CandidateOutcome,
  CandidateResult,
  CulpritAction,
  RoundDecision,
  RoundNext,
} from './results.js';
export { culpritAction, decideRound } from './results.js';
export type { SimulationOptions, SimulationResult } from './simulate.js';
export { meanSimulation, simulateQueue } from './simulate.js';
export type { WindowPolicy } from './window.js';
export { clampWindow, initialWindow, nextWindow } from './window.js';
export type { RoundTiming, WindowChoice, WindowInputs } from './auto-window.js';
export { chooseWindow, failureTarget, hardCap, machineCapacity, windowLine } from './auto-window.js';
export type { AppliedRound, PlannedCandidate, QueueState } from './planner.js';
export { applyRound, enqueue, newQueueState, planRound, removeFromQueue } from './planner.js';
