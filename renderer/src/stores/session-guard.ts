import type { Ref } from 'vue';
import type { SessionMeta } from '../../../core/lab-api/lab-api-contract';
import { nameProblem, toSafeName } from '../logic/safe-name';
import { useConfirmStore } from './confirm-store';
import type { ConfirmRequest } from './confirm-store';

/** What the guard needs from the lab store it belongs to. */
export interface SessionGuardHost {
  session: Readonly<Ref<SessionMeta>>;
  transport: Readonly<Ref<'electron' | 'bridge'>>;
  save(options?: { saveAs?: boolean; target?: string }): Promise<boolean>;
}

/**
 * Questions before work is lost: replacing a modified session (New, Open, an imported
 * scenario) offers Save; a reset that drops recorded interventions asks first. In the browser
 * an unsaved session has no name yet, so the question asks for one.
 */
export function useSessionGuard(host: SessionGuardHost) {
  /** Whether Save needs a name typed here (the browser bridge has no save dialog). */
  function needsName(): boolean {
    return host.transport.value === 'bridge' && host.session.value.location === null;
  }

  async function saveWith(name: string): Promise<boolean> {
    return needsName() ? host.save({ saveAs: true, target: name }) : host.save();
  }

  /**
   * Asks before `action` (e.g. "starting a new lab") replaces a session with unsaved changes;
   * true = go ahead (saved or discarded), false = the user kept the session.
   */
  async function confirmReplace(action: string): Promise<boolean> {
    const session = host.session.value;
    if (!session.dirty) return true;
    const request: ConfirmRequest = {
      title: 'Unsaved changes',
      message: `Save the changes to “${session.name}” before ${action}?`,
      detail: 'If you do not save, the run and the changes you made since the last save are lost.',
      choices: [
        { id: 'save', label: 'Save', primary: true },
        { id: 'discard', label: 'Don’t save', danger: true },
        { id: 'cancel', label: 'Cancel' },
      ],
    };
    if (needsName())
      request.field = {
        label: 'Save as',
        value: toSafeName(session.name),
        problem: nameProblem,
        requiredBy: ['save'],
      };
    const answer = await useConfirmStore().ask(request);
    if (answer.choice === 'discard') return true;
    if (answer.choice !== 'save') return false;
    return saveWith(answer.value);
  }

  /** Asks before a reset drops `count` recorded interventions; true = reset. */
  async function confirmReset(count: number): Promise<boolean> {
    if (count === 0) return true;
    const answer = await useConfirmStore().ask({
      title: 'Reset the run?',
      message: `Reset to 00:00:00 and drop the ${count} intervention${count === 1 ? '' : 's'} recorded in this run?`,
      detail: 'Undo (in the notice after the reset) brings the run back as it was.',
      choices: [
        { id: 'reset', label: 'Reset', primary: true, danger: true },
        { id: 'cancel', label: 'Cancel' },
      ],
    });
    return answer.choice === 'reset';
  }

  return { confirmReplace, confirmReset };
}
