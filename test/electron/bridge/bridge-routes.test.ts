import { describe, expect, it } from 'vitest';
import { labMethods, labRequestSchemas, type LabMethod } from '../../../core/lab-api/lab-api-contract';
import { decodeWire, encodeWire } from '../../../core/lab-api/wire-codec';
import { createBridgeRoutes, dispatchBridgeMessage } from '../../../electron/bridge/bridge-dispatch';
import { LabError } from '../../../electron/services/lab/lab-error';
import type { LabHost } from '../../../electron/services/lab/lab-service-types';

/** Records what reaches the lab; answers with the method name so replies can be matched. */
function recordingHost(): { host: LabHost; calls: { method: LabMethod; request: unknown }[] } {
  const calls: { method: LabMethod; request: unknown }[] = [];
  const host: LabHost = {
    invoke: async (method, request) => {
      calls.push({ method, request });
      if (method === 'openSession') throw new LabError('not-found', 'There is no session "x".');
      return { answeredBy: method } as never;
    },
    subscribe: () => () => undefined,
    dispose: async () => undefined,
  };
  return { host, calls };
}

/** The smallest valid payload of each method. */
const validParams: Record<LabMethod, unknown> = {
  getAppInfo: {},
  listPresets: {},
  getState: {},
  newSession: { presetId: 'basics' },
  updateScenario: { scenario: {} },
  applyIntervention: { intervention: { vm: 'app1', power: 'off' } },
  play: {},
  pause: {},
  step: {},
  reset: {},
  setSpeed: { speed: null },
  runToEnd: {},
  cancelRun: {},
  setView: { selectedVm: null, hostMap: { cells: 100 }, guestMap: { cells: 100 } },
  ackFrames: { credits: 1 },
  getLog: { vm: null },
  getHistory: {},
  saveSession: {},
  openSession: { target: 'x' },
  listSessions: {},
  exportCsv: {},
  cancelExport: { exportId: 'abc' },
  listExports: {},
  importTrace: {},
  getRecovery: {},
  recover: {},
  discardRecovery: {},
  viewAt: { tick: 0 },
  returnToHead: {},
  branchFromView: {},
  pinRun: { current: true },
  unpinRun: { id: 'pin-1' },
  clearPins: {},
  listPins: {},
  getPinnedHistory: { id: 'pin-1' },
  getPinnedMap: { id: 'pin-1', timeS: 0 },
  compareAllPolicies: {},
  saveComparison: {},
  openComparison: {},
  listComparisons: {},
  openSweep: { target: 'idle-tax' },
  getSweep: {},
  listSweeps: {},
  runSweep: {},
  cancelSweep: {},
  getSweepResults: {},
  getSweepRunScenario: { runId: 'p0000-s1' },
  saveSweepFile: { document: {} },
  listSweepFiles: {},
};

describe('bridge routes', () => {
  it('have exactly one route per contract method and nothing else', () => {
    const routes = createBridgeRoutes(recordingHost().host);
    expect([...routes.keys()].sort()).toEqual([...labMethods].sort());
    expect(new Set(labMethods).size).toBe(labMethods.length);
    expect(Object.keys(labRequestSchemas).sort()).toEqual([...labMethods].sort());
  });

  it('each method reaches the lab exactly once, under its own name, with defaults applied', async () => {
    const { host, calls } = recordingHost();
    const routes = createBridgeRoutes(host);
    for (const [i, method] of labMethods.entries()) {
      const reply = decodeWire(
        encodeWire(
          await dispatchBridgeMessage(routes, encodeWire({ id: i, method, params: validParams[method] })),
        ),
      );
      if (method === 'openSession')
        expect(reply).toEqual({
          id: i,
          ok: false,
          error: { code: 'not-found', message: 'There is no session "x".' },
        });
      else expect(reply).toEqual({ id: i, ok: true, result: { answeredBy: method } });
    }
    expect(calls.map((c) => c.method)).toEqual(labMethods);
    expect(calls.find((c) => c.method === 'step')!.request).toEqual({ ticks: 1 });
    expect(calls.find((c) => c.method === 'exportCsv')!.request).toEqual({ files: ['host', 'vms', 'log'] });
  });

  it('bad payloads get typed bad-request errors and never reach the lab', async () => {
    const { host, calls } = recordingHost();
    const routes = createBridgeRoutes(host);
    const cases: [string, RegExp][] = [
      ['not json', /not a lab message/],
      [encodeWire([1, 2]), /object/],
      [encodeWire({ method: 'getState', params: {} }), /needs an id/],
      [encodeWire({ id: 1, method: 'rm -rf', params: {} }), /unknown method/],
      [encodeWire({ id: 2, method: '__proto__', params: {} }), /unknown method/],
      [encodeWire({ id: 3, method: 'step', params: { ticks: -5 } }), /step: ticks/],
      [encodeWire({ id: 4, method: 'setSpeed', params: { speed: 'fast' } }), /setSpeed: speed/],
      [encodeWire({ id: 5, method: 'getState', params: { extra: true } }), /getState/],
      [encodeWire({ id: 6, method: 'ackFrames', params: { credits: 1e9 } }), /ackFrames: credits/],
      [
        encodeWire({
          id: 7,
          method: 'applyIntervention',
          params: { intervention: { vm: '../x', power: 'on' } },
        }),
        /applyIntervention/,
      ],
    ];
    for (const [text, message] of cases) {
      const reply = await dispatchBridgeMessage(routes, text);
      expect(reply.ok).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code).toBe('bad-request');
        expect(reply.error.message).toMatch(message);
      }
    }
    expect(calls).toEqual([]);
  });
});
