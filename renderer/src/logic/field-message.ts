/**
 * A field's problem as a sentence: "Memory must be at least 64 MiB" when the message is the
 * end of a sentence about the field, "Reservation: 5000 MiB is above ..." when it stands alone.
 */
export function fieldMessage(label: string, message: string): string {
  return /^(must|is|has|needs|does)\b/.test(message) ? `${label} ${message}` : `${label}: ${message}`;
}

/** Why a field is disabled once the run has started (set at power-on, or the run depends on it). */
export const fixedWhileRunning = 'Fixed once the run has started: Reset to tick 0 to change it.';
