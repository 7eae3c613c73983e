import type { Ref } from 'vue';
import type { LabState, SessionMeta } from '../../../core/lab-api/lab-api-contract';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import { labApi } from '../api/lab-api';
import { formatClock } from '../logic/format';
import type { LabRequest } from './lab-request';
import { useNoticeStore } from './notice-store';
import { useUiStore } from './ui-store';

/** What New, Open and Save need from the lab store they belong to. */
export interface SessionFilesHost {
  request: LabRequest;
  session: Ref<SessionMeta>;
  transport: Readonly<Ref<'electron' | 'bridge'>>;
  /** Takes over the session the lab answered with: charts, maps and logs start over. */
  adoptSession(state: LabState): Promise<void>;
  /** Asks before `action` replaces a modified session; true = go ahead (the session guard). */
  confirmReplace(action: string): Promise<boolean>;
  /** Sets the speed at which a new lab's first event comes within seconds of Run. */
  startAtDefaultSpeed(scenario: Scenario): Promise<void>;
}

/**
 * New, Open and Save of the lab session. Whatever replaces the session asks first when it has
 * unsaved changes; Save keeps the window's view state (layout, selection) with the session.
 */
export function useSessionFiles(host: SessionFilesHost) {
  /** A new session from a preset; a modified session is saved or given up first (asked). */
  async function newSession(presetId: string): Promise<boolean> {
    if (!(await host.confirmReplace('starting a new lab'))) return false;
    const state = await host.request('New session', () => labApi.newSession({ presetId }));
    if (state === undefined) return false;
    await host.adoptSession(state);
    await host.startAtDefaultSpeed(state.scenario);
    return true;
  }

  /**
   * A new session from a scenario document (an imported file, a blank lab). The Node side
   * validates it; a refusal comes back as a LabApiError with the issues, which the caller shows.
   */
  async function newFromScenario(scenarioDoc: unknown, action: string): Promise<LabState | null> {
    if (!(await host.confirmReplace(action))) return null;
    const state = await labApi.newSession({ scenario: scenarioDoc });
    await host.adoptSession(state);
    return state;
  }

  /** Opens a session: a native dialog in Electron (no target), a data-folder name on the bridge. */
  async function openSession(target?: string): Promise<boolean> {
    if (!(await host.confirmReplace('opening another session'))) return false;
    // Without a target the Node side shows a native file dialog: the wait is the user's.
    const state = await host.request(
      'Open',
      () => labApi.openSession(target === undefined ? {} : { target }),
      { long: target === undefined },
    );
    if (state == null) return false;
    await host.adoptSession(state);
    useNoticeStore().push('info', `Opened ${state.session.name} at ${formatClock(state.timeS)}`);
    return true;
  }

  async function save(options: { saveAs?: boolean; target?: string } = {}): Promise<boolean> {
    const uiState = useUiStore().snapshot();
    const meta = await host.request(
      'Save',
      () =>
        labApi.saveSession({
          saveAs: options.saveAs ?? false,
          uiState,
          ...(options.target === undefined ? {} : { target: options.target }),
        }),
      { long: host.transport.value === 'electron' },
    );
    if (meta == null) return false;
    host.session.value = meta;
    useNoticeStore().push('info', `Saved ${meta.name}`);
    return true;
  }

  return { newSession, newFromScenario, openSession, save };
}
