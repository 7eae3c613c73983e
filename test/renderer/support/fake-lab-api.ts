import { chartHistoryOf } from '../../../core/lab-api/chart-history';
import type { LogLine } from '../../../core/model/log-line';
import type {
  FileEntry,
  LabApi,
  LabEvent,
  LabEvents,
  LabMethod,
  LabResponses,
  LabState,
  PinnedRunInfo,
  PresetInfo,
  TraceSample,
} from '../../../core/lab-api/lab-api-contract';
import type { SweepResultRow } from '../../../core/experiment/sweep-aggregate';
import type { SweepStatus } from '../../../core/lab-api/sweep-api-contract';
import { interventionSchema } from '../../../core/scenario/event-schema';
import { parseScenarioOrThrow, parseScenario } from '../../../core/scenario/parse-scenario';
import type { ScenarioInput } from '../../../core/scenario/scenario-schema';
import { zeroHostCounters, zeroVmCounters } from '../../support/counter-fixtures';

/** A small valid scenario: two VMs on a 16 GiB host. */
export const twoVmScenario: ScenarioInput = {
  name: 'Two VMs',
  durationS: 600,
  host: { memoryMiB: 16384 },
  vms: [
    {
      id: 'web1',
      name: 'web-01',
      memoryMiB: 4096,
      workload: { kind: 'steady', demandMiB: 3000, activePct: 40 },
    },
    { id: 'db1', memoryMiB: 8192, workload: { kind: 'idle' } },
  ],
};

export function logLine(seq: number, partial: Partial<LogLine> = {}): LogLine {
  return {
    seq,
    tick: seq,
    timeS: seq,
    vm: 'web1',
    source: 'driver',
    level: 'info',
    event: 'inflate',
    message: `line ${seq}`,
    ...partial,
  };
}

export function sample(timeS: number, vms: readonly string[] = ['web1', 'db1']): TraceSample {
  return { timeS, host: zeroHostCounters({ timeS, tick: timeS }), vms: vms.map((id) => zeroVmCounters(id)) };
}

export function labState(input: ScenarioInput = twoVmScenario, partial: Partial<LabState> = {}): LabState {
  const scenario = parseScenarioOrThrow(input);
  return {
    session: { name: scenario.name, location: null, dirty: false },
    scenario,
    tick: 0,
    endTick: scenario.durationS,
    timeS: 0,
    running: false,
    speed: 1,
    interventions: [],
    host: zeroHostCounters(),
    vms: scenario.vms.map((v) => zeroVmCounters(v.id, { memszMiB: v.memoryMiB })),
    uiState: {},
    ...partial,
  };
}

type Handler<M extends LabMethod> = (
  request: Parameters<LabApi[M]>[0],
) => LabResponses[M] | Promise<LabResponses[M]>;

/**
 * In-memory LabApi for renderer tests: records every call, answers from a LabState it keeps,
 * and lets a test push events. Any method can be overridden with `handle`.
 */
export class FakeLab {
  state: LabState = labState();
  calls: { method: LabMethod; request: unknown }[] = [];
  presets: PresetInfo[] = [
    {
      id: 'basics',
      name: 'Basics',
      summary: 'One host, three VMs: watch the balloon inflate.',
      hostMiB: 16384,
      vmCount: 3,
    },
    {
      id: 'balloon-vs-swap',
      name: 'Balloon vs swap',
      summary: 'Same squeeze, with and without a balloon driver.',
      hostMiB: 8192,
      vmCount: 2,
    },
  ];
  sessions: FileEntry[] = [];
  history: TraceSample[] = [];
  /** Runs pinned for comparison, and the history each reports. */
  pins: PinnedRunInfo[] = [];
  pinnedHistory = new Map<string, TraceSample[]>();
  /** The open sweep and its finished runs' results. */
  sweep: SweepStatus | null = null;
  sweepRows: SweepResultRow[] = [];
  /** Changes when the fake sweep is opened again (SweepResultsPage.epoch). */
  sweepEpoch = 1;
  log: LogLine[] = [];
  transport: 'electron' | 'bridge' = 'bridge';
  private listeners = new Map<LabEvent, Set<(payload: never) => void>>();
  private overrides = new Map<LabMethod, Handler<LabMethod>>();

  handle<M extends LabMethod>(method: M, handler: Handler<M>): void {
    this.overrides.set(method, handler as unknown as Handler<LabMethod>);
  }

  emit<E extends LabEvent>(event: E, payload: LabEvents[E]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (p: LabEvents[E]) => void)(payload);
  }

  listenerCount(event: LabEvent): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  callsOf(method: LabMethod): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.request);
  }

  private requireSweep(): SweepStatus {
    if (this.sweep === null) throw new Error('fake lab: no sweep is open');
    return this.sweep;
  }

  private snapshot(): LabState {
    return { ...this.state, interventions: [...this.state.interventions] };
  }

  private defaults: { [M in LabMethod]: Handler<M> } = {
    getAppInfo: () => ({
      version: '0.1.0',
      engineVersion: 'test',
      transport: this.transport,
      dataDir: '/data',
      platform: 'linux',
    }),
    listPresets: () => this.presets,
    getState: () => this.snapshot(),
    newSession: (r) => {
      if ('presetId' in r) this.state = labState({ ...twoVmScenario, name: r.presetId });
      return this.snapshot();
    },
    updateScenario: (r) => {
      const parsed = parseScenario(r.scenario);
      if (!parsed.ok) return { ok: false, issues: parsed.issues };
      this.state = {
        ...this.state,
        scenario: parsed.scenario,
        tick: 0,
        timeS: 0,
        session: { ...this.state.session, dirty: true },
      };
      return { ok: true, state: this.snapshot() };
    },
    applyIntervention: (r) => {
      this.state.interventions = [
        ...this.state.interventions,
        // Validated as the Node side does, which also fills in the defaults.
        { tick: this.state.tick, intervention: interventionSchema.parse(r.intervention) },
      ];
      return this.snapshot();
    },
    play: () => ((this.state.running = true), this.snapshot()),
    pause: () => ((this.state.running = false), this.snapshot()),
    step: (r) => {
      this.state.tick += r.ticks ?? 1;
      this.state.timeS = this.state.tick;
      return this.snapshot();
    },
    reset: () => {
      this.state = { ...this.state, tick: 0, timeS: 0, running: false, interventions: [] };
      return this.snapshot();
    },
    setSpeed: (r) => ((this.state.speed = r.speed), this.snapshot()),
    runToEnd: () => ((this.state.tick = this.state.endTick), this.snapshot()),
    cancelRun: () => ((this.state.running = false), this.snapshot()),
    setView: () => ({ ok: true }),
    ackFrames: () => ({ ok: true }),
    getLog: () => ({ lines: this.log, total: this.log.length }),
    getHistory: () => chartHistoryOf(this.history),
    saveSession: (r) => {
      const location = r.target ?? this.state.session.location ?? 'saved.balloonlab';
      this.state.session = { name: r.target ?? this.state.session.name, location, dirty: false };
      return this.state.session;
    },
    openSession: () => this.snapshot(),
    listSessions: () => this.sessions,
    exportCsv: () => ({ exportId: 'export-1', location: 'exports/run-1' }),
    cancelExport: () => ({ cancelled: true }),
    listExports: () => [],
    importTrace: () => null,
    getRecovery: () => ({ available: false }),
    recover: () => this.snapshot(),
    discardRecovery: () => ({ ok: true }),
    pinRun: () => this.pins,
    unpinRun: (r) => (this.pins = this.pins.filter((p) => p.id !== r.id)),
    clearPins: () => (this.pins = []),
    listPins: () => this.pins,
    getPinnedHistory: (r) => chartHistoryOf(this.pinnedHistory.get(r.id) ?? []),
    getPinnedMap: () => null,
    compareAllPolicies: () => this.pins,
    saveComparison: (r) => ({
      name: r.name ?? 'comparison',
      location: `${r.target ?? 'comparison'}.balloonlab-compare`,
    }),
    openComparison: () => this.pins,
    listComparisons: () => [],
    openSweep: () => this.sweep,
    getSweep: () => this.sweep,
    listSweeps: () => [],
    runSweep: () => this.requireSweep(),
    cancelSweep: () => this.requireSweep(),
    getSweepResults: (r) => {
      const metrics = this.sweep?.metrics ?? [];
      return {
        id: this.sweep?.id ?? '',
        epoch: this.sweepEpoch,
        from: r.from ?? 0,
        total: this.sweepRows.length,
        metrics,
        rows: this.sweepRows.slice(r.from ?? 0).map((row) => ({
          ...row,
          metrics: metrics.map((m) => row.metrics[m] ?? null),
        })),
      };
    },
    getSweepRunScenario: (r) => ({ runId: r.runId, scenario: this.state.scenario }),
    saveSweepFile: (r) => ({ name: 'sweep', location: `${r.target ?? 'sweep'}.sweep.json` }),
    listSweepFiles: () => [],
    viewAt: (r) => {
      const { viewTick: _shown, ...rest } = this.state;
      this.state = r.tick >= rest.tick ? rest : { ...rest, viewTick: r.tick };
      return this.snapshot();
    },
    returnToHead: () => {
      const { viewTick: _shown, ...rest } = this.state;
      this.state = rest;
      return this.snapshot();
    },
    branchFromView: () => {
      const { viewTick, ...rest } = this.state;
      const tick = viewTick ?? rest.tick;
      const interventions = rest.interventions.filter((r) => r.tick <= tick);
      this.state = { ...rest, tick, timeS: tick, interventions };
      return this.snapshot();
    },
  };

  readonly api: LabApi = new Proxy({} as LabApi, {
    get: (_t, key: string) => {
      if (key === 'on') {
        return (event: LabEvent, listener: (payload: never) => void) => {
          let set = this.listeners.get(event);
          if (set === undefined) this.listeners.set(event, (set = new Set()));
          set.add(listener);
          return () => set.delete(listener);
        };
      }
      const method = key as LabMethod;
      return async (request: unknown) => {
        this.calls.push({ method, request });
        const handler = (this.overrides.get(method) ?? this.defaults[method]) as (r: unknown) => unknown;
        if (handler === undefined) throw new Error(`fake lab: no method ${key}`);
        return handler(request);
      };
    },
  });
}
