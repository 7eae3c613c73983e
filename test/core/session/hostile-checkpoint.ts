import {
  checkpointFormatVersion,
  checkpointMagic,
  headerBytes,
  padded,
} from '../../../core/session/checkpoint-format';

/**
 * Checkpoint bytes of a few hundred bytes whose arrays, stored as runs of one non-zero word each,
 * claim `arrayWords` 32-bit words apiece: what a hostile file sends to make the reader allocate
 * (and write) gigabytes. Well formed in every other respect.
 */
export function hostileCheckpointBytes(arrayWords: number[]): Uint8Array {
  const description = JSON.stringify({
    engineVersion: 'hostile',
    tick: 0,
    scenario: {},
    state: {},
    arrays: arrayWords.map((length) => ({ kind: 'i32', length, encoding: 'rle', runs: 1 })),
  });
  const text = new TextEncoder().encode(description);
  const start = headerBytes + padded(text.length);
  const out = new Uint8Array(start + arrayWords.length * 8);
  const view = new DataView(out.buffer);
  view.setUint32(0, checkpointMagic, true);
  view.setUint32(4, checkpointFormatVersion, true);
  view.setUint32(8, 1, true);
  view.setUint32(12, text.length, true);
  out.set(text, headerBytes);
  arrayWords.forEach((words, i) => {
    view.setInt32(start + i * 8, 7, true);
    view.setInt32(start + i * 8 + 4, words, true);
  });
  return out;
}
