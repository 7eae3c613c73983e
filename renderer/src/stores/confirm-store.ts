import { defineStore } from 'pinia';
import { shallowRef } from 'vue';

/** One button of a question. */
export interface ConfirmChoice {
  id: string;
  label: string;
  /** The default action (Enter), drawn as the main button. */
  primary?: boolean;
  /** Throws work away: drawn in the danger colour. */
  danger?: boolean;
}

/** A text field the question carries (a name to save under). */
export interface ConfirmField {
  label: string;
  value: string;
  /** Why the value cannot be used, or null when it can. */
  problem: (value: string) => string | null;
  /** Choices that need a valid value (the others, like Cancel, do not). */
  requiredBy: readonly string[];
}

export interface ConfirmRequest {
  title: string;
  message: string;
  detail?: string;
  choices: readonly ConfirmChoice[];
  field?: ConfirmField;
}

export interface ConfirmAnswer {
  /** The chosen button's id; 'cancel' when the question was dismissed (Escape, backdrop). */
  choice: string;
  /** The field's value, when the request had one. */
  value: string;
}

interface Pending {
  request: ConfirmRequest;
  resolve: (answer: ConfirmAnswer) => void;
}

/**
 * Questions that guard against lost work ("Save before replacing it?"). One at a time, above
 * any other dialog; a second question waits for the first to be answered.
 */
export const useConfirmStore = defineStore('confirm', () => {
  const pending = shallowRef<Pending | null>(null);
  const queue: Pending[] = [];

  function ask(request: ConfirmRequest): Promise<ConfirmAnswer> {
    return new Promise((resolve) => {
      const entry = { request, resolve };
      if (pending.value === null) pending.value = entry;
      else queue.push(entry);
    });
  }

  function answer(choice: string, value = ''): void {
    const current = pending.value;
    if (current === null) return;
    pending.value = queue.shift() ?? null;
    current.resolve({ choice, value });
  }

  return { pending, ask, answer };
});
