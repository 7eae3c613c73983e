import type { Engine } from './engine-types';

/** cyrb53-style 53-bit string hash (two 32-bit lanes), deterministic on every platform. */
function hash53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * A hash of the tick and every counter: two engines with equal digests are at the same
 * tick with the same counters, which is how a resumed session proves it landed where it left.
 */
export function stateDigest(engine: Engine): string {
  const text = JSON.stringify({ tick: engine.tick, host: engine.hostCounters(), vms: engine.vmCounters() });
  return `${hash53(text, 1).toString(16).padStart(14, '0')}${hash53(text, 2).toString(16).padStart(14, '0')}`;
}
