import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { HostCounters, VmCounters } from '../../../core/model/counters';
import type { RecordedIntervention, Intervention } from '../../../core/scenario/event-schema';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import type {
  AppInfo,
  Frame,
  LabState,
  RecoveryInfo,
  SessionMeta,
} from '../../../core/lab-api/lab-api-contract';
import { labApi } from '../api/lab-api';
import { continuesRun } from '../logic/continues-run';
import { defaultSpeedFor } from '../logic/default-speed';
import { FrameAcker } from '../api/frame-acker';
import { HistorySync } from './history-sync';
import { useLabConnection } from './lab-connection';
import { useLabRequest } from './lab-request';
import { useRunControls } from './run-controls';
import { useUiStore } from './ui-store';
import { useResetUndo } from './reset-undo';
import { useSessionFiles } from './session-files';
import { useSessionGuard } from './session-guard';
import { useTimeTravel } from './time-travel';

/** Speeds offered in the toolbar, simulated seconds per wall second; null = flat out. */
export const speedChoices: readonly (number | null)[] = [1, 10, 60, 600, null];

/**
 * The lab session as this window knows it: meta, scenario, clock, run state and the
 * recorded interventions. It owns the one event subscription and fans pushed frames out
 * to the frame, history and log stores.
 */
export const useLabStore = defineStore('lab', () => {
  const appInfo = ref<AppInfo | null>(null);
  const session = ref<SessionMeta>({ name: 'Untitled lab', location: null, dirty: false });
  const scenario = shallowRef<Scenario | null>(null);
  const tick = ref(0);
  const endTick = ref(0);
  const timeS = ref(0);
  const running = ref(false);
  const speed = ref<number | null>(1);
  const interventions = shallowRef<RecordedIntervention[]>([]);
  const host = shallowRef<HostCounters | null>(null);
  const vms = shallowRef<VmCounters[]>([]);
  const recovery = ref<RecoveryInfo | null>(null);
  const ready = ref(false);
  const { pending, waiting, request } = useLabRequest();
  /** Bumped whenever a different scenario or session was adopted (new, open, reset, ...). */
  const epoch = ref(0);

  const transport = computed(() => appInfo.value?.transport ?? 'bridge');
  const started = computed(() => tick.value > 0);
  const finished = computed(() => endTick.value > 0 && tick.value >= endTick.value);
  const vmIds = computed(() => scenario.value?.vms.map((v) => v.id) ?? []);
  const vmNames = computed(() => new Map(scenario.value?.vms.map((v) => [v.id, v.name ?? v.id]) ?? []));

  const acker = new FrameAcker((credits) => labApi.ackFrames({ credits }));
  const sync = new HistorySync();
  let initPromise: Promise<void> | null = null;
  /** Tick of the last run state the lab answered with; older frames do not change `running`. */
  let runStateTick = -1;

  function handleFrame(frame: Frame): void {
    // Frames of a past moment (time travel) leave the run's own clock where it is.
    if (travel.viewTick.value === null) {
      tick.value = frame.tick;
      timeS.value = frame.timeS;
    }
    // A frame made before a pause or play answer may arrive after it: it must not undo it.
    if (frame.tick > runStateTick) running.value = frame.running;
    host.value = frame.host;
    vms.value = frame.vms;
    sync.applyFrame(frame);
    acker.handled();
  }

  /** Takes over the run state of a response (play, step, intervention, ...). */
  function adoptRunState(state: LabState): void {
    runStateTick = state.tick;
    session.value = state.session;
    tick.value = state.tick;
    endTick.value = state.endTick;
    timeS.value = state.timeS;
    running.value = state.running;
    speed.value = state.speed;
    interventions.value = state.interventions;
    host.value = state.host;
    vms.value = state.vms;
    if (scenario.value !== state.scenario) scenario.value = state.scenario;
    travel.adoptView(state);
  }

  /** Takes over a different session or a reset one: charts, maps and logs start over. */
  async function adoptSession(state: LabState): Promise<void> {
    adoptRunState(state);
    scenario.value = state.scenario;
    useUiStore().restore(
      state.uiState,
      state.scenario.vms.map((v) => v.id),
    );
    epoch.value++;
    await sync.rebuild();
  }

  /** A state pushed by the Node side: the same run moved on, or something new to start over from. */
  async function adoptPushedState(state: LabState): Promise<void> {
    const shown = { scenario: scenario.value, tick: tick.value, interventions: interventions.value };
    if (continuesRun(shown, state)) adoptRunState(state);
    else await adoptSession(state);
  }

  const { onRunProgress, ...runControls } = useRunControls({
    request,
    adoptRunState,
    running,
    tick,
    endTick,
    finished,
  });

  const travel = useTimeTravel({
    request,
    adoptRunState,
    rebuild: () => sync.rebuild(),
    tick,
    tickMs: () => scenario.value?.tickMs ?? 1000,
    interventions,
  });
  const resetUndo = useResetUndo({ request, adoptRunState, tick, epoch });

  const guard = useSessionGuard({ session, transport, save: (options) => files.save(options) });
  const files = useSessionFiles({
    request,
    session,
    transport,
    adoptSession,
    confirmReplace: guard.confirmReplace,
    startAtDefaultSpeed,
  });
  const connection = useLabConnection({
    frame: handleFrame,
    runProgress: onRunProgress,
    sessionChanged: (meta) => {
      session.value = meta;
    },
    stateChanged: (state) => void adoptPushedState(state),
    engineRestarted: () => void refresh(),
  });

  /** One attempt to load app info and state; quiet after the first failure so retries do not nag. */
  async function loadOnce(quiet: boolean): Promise<boolean> {
    const info = await request('Connecting to the lab', () => labApi.getAppInfo({}), { quiet });
    if (info === undefined) return false;
    appInfo.value = info;
    const state = await request('Loading the lab', () => labApi.getState({}), { quiet });
    if (state === undefined) return false;
    await adoptSession(state);
    // The lab the app starts with, untouched: it too starts where something soon happens.
    const fresh = state.tick === 0 && state.session.location === null && !state.session.dirty;
    if (fresh && state.interventions.length === 0) await startAtDefaultSpeed(state.scenario);
    ready.value = true;
    return true;
  }

  /**
   * Subscribes, loads the state (retrying while the Node side is not there yet, e.g. the
   * engine still starting) and checks for a session to recover. Safe to call twice.
   */
  function init(): Promise<void> {
    initPromise ??= (async () => {
      if (!(await connection.connect(loadOnce))) return; // disposed while waiting
      const rec = await request('Checking for a session to recover', () => labApi.getRecovery({}));
      if (rec?.available === true) {
        recovery.value = rec;
        useUiStore().openDialog('recovery');
      }
    })();
    return initPromise;
  }

  async function refresh(): Promise<void> {
    const state = await request('Reloading the lab', () => labApi.getState({}));
    if (state !== undefined) await adoptSession(state);
  }

  /** A preset starts at a speed at which its first event comes within seconds of Run. */
  async function startAtDefaultSpeed(s: Scenario): Promise<void> {
    const wanted = defaultSpeedFor(s);
    if (speed.value !== wanted) await runControls.setSpeed(wanted);
  }

  /** Back to tick 0, after asking when recorded interventions would go; Undo can bring it back. */
  async function reset(): Promise<void> {
    if (!(await guard.confirmReset(interventions.value.length))) return;
    const before = { tick: tick.value, timeS: timeS.value, interventions: interventions.value };
    const state = await request('Reset', () => labApi.reset({}));
    if (state === undefined) return;
    await adoptSession(state);
    resetUndo.remember(before);
  }

  /** Replaces the scenario at tick 0; issues come back when the Node side refuses it. */
  async function updateScenario(next: Scenario) {
    const result = await request('Apply scenario', () => labApi.updateScenario({ scenario: next }));
    if (result?.ok === true) await adoptSession(result.state);
    return result;
  }

  async function applyIntervention(intervention: Intervention): Promise<boolean> {
    const state = await request(`Change ${intervention.vm}`, () =>
      labApi.applyIntervention({ intervention }),
    );
    if (state === undefined) return false;
    adoptRunState(state);
    return true;
  }

  async function recover(): Promise<void> {
    const state = await request('Recover', () => labApi.recover({}));
    recovery.value = null;
    if (state != null) await adoptSession(state);
  }

  async function discardRecovery(): Promise<void> {
    await request('Discard recovery', () => labApi.discardRecovery({}));
    recovery.value = null;
  }

  function dispose(): void {
    connection.disconnect();
    initPromise = null;
  }

  return {
    appInfo,
    session,
    scenario,
    tick,
    endTick,
    timeS,
    running,
    speed,
    interventions,
    host,
    vms,
    recovery,
    ready,
    pending,
    waiting,
    epoch,
    transport,
    started,
    finished,
    vmIds,
    vmNames,
    init,
    refresh,
    setCommandHandler: connection.setCommandHandler,
    ...files,
    ...runControls,
    reset,
    canUndoReset: resetUndo.canUndo,
    viewTick: travel.viewTick,
    viewTimeS: travel.viewTimeS,
    preparingJumps: travel.preparingJumps,
    laterInterventions: travel.laterInterventions,
    viewAt: travel.viewAt,
    returnToHead: travel.returnToHead,
    branchFromView: travel.branch,
    undoReset: resetUndo.undo,
    updateScenario,
    applyIntervention,
    recover,
    discardRecovery,
    dispose,
  };
});
