import type { LabEvent, LabMethod } from '../../core/lab-api/lab-api-contract';

// The contract's own lists (labMethods, labEvents) live next to its zod schemas; importing them
// would bundle zod into the sandboxed preload. These records are checked against the contract
// types instead: a method or event added there fails the type-check here until it is listed.

const methods = {
  getAppInfo: true,
  listPresets: true,
  getState: true,
  newSession: true,
  updateScenario: true,
  applyIntervention: true,
  play: true,
  pause: true,
  step: true,
  reset: true,
  setSpeed: true,
  runToEnd: true,
  cancelRun: true,
  setView: true,
  ackFrames: true,
  getLog: true,
  getHistory: true,
  saveSession: true,
  openSession: true,
  listSessions: true,
  exportCsv: true,
  cancelExport: true,
  listExports: true,
  importTrace: true,
  getRecovery: true,
  recover: true,
  discardRecovery: true,
  viewAt: true,
  returnToHead: true,
  branchFromView: true,
  pinRun: true,
  unpinRun: true,
  clearPins: true,
  listPins: true,
  getPinnedHistory: true,
  getPinnedMap: true,
  compareAllPolicies: true,
  saveComparison: true,
  openComparison: true,
  listComparisons: true,
  openSweep: true,
  getSweep: true,
  listSweeps: true,
  runSweep: true,
  cancelSweep: true,
  getSweepResults: true,
  getSweepRunScenario: true,
  saveSweepFile: true,
  listSweepFiles: true,
} as const satisfies Record<LabMethod, true>;

const events = {
  frame: true,
  runProgress: true,
  exportProgress: true,
  sessionChanged: true,
  engineRestarted: true,
  notice: true,
  menuCommand: true,
  stateChanged: true,
  pinsChanged: true,
  sweepChanged: true,
} as const satisfies Record<LabEvent, true>;

export const preloadMethods = Object.keys(methods) as LabMethod[];
export const preloadEvents = Object.keys(events) as LabEvent[];
