import type { GuestMap, HostMap } from '../../../core/model/memory-maps';
import type { HostCounters, VmCounters } from '../../../core/model/counters';
import type { LogLine } from '../../../core/model/log-line';
import type { TraceSample } from '../../../core/lab-api/lab-api-contract';
import { encodedTypedArrayBytes } from '../../../core/lab-api/wire-codec';

/** A frame's encoded size never exceeds this (docs/architecture.md#performance-targets). */
export const maxFrameBytes = 256 * 1024;
/** Envelope, seq, tick, flags and the event wrapper of the bridge. */
const frameOverheadBytes = 512;
/** Longest JSON rendering of a double ("-1.2345678901234567e-308"). */
const numberBytes = 24;

/**
 * Map windows are clamped so both maps together stay well under the frame budget (host map
 * about 107 KiB, guest map about 49 KiB encoded), leaving room for counters, samples and lines.
 */
export const maxHostMapCells = 3072;
export const maxGuestMapCells = 768;

function stringBytes(s: string): number {
  // Plain printable ASCII encodes as itself plus quotes; anything else is measured exactly.
  return /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(s)
    ? s.length + 2
    : new TextEncoder().encode(JSON.stringify(s)).length;
}

/** Upper bound of the encoded size of one log line. */
export function logLineBytes(line: LogLine): number {
  // {"seq":,"tick":,"timeS":,"vm":,"source":,"level":,"event":,"message":} = 71 bytes of keys and punctuation.
  return (
    72 +
    3 * numberBytes +
    stringBytes(line.vm) +
    stringBytes(line.source) +
    stringBytes(line.level) +
    stringBytes(line.event) +
    stringBytes(line.message)
  );
}

function countersTemplateBytes(value: object): number {
  let n = 2;
  for (const [key, v] of Object.entries(value)) {
    n += stringBytes(key) + 2;
    // Strings get slack so one bound serves every sample of a VM set ('high' vs 'clear').
    n += typeof v === 'number' ? numberBytes : typeof v === 'string' ? stringBytes(v) + 8 : 5;
  }
  return n;
}

/** Upper bound of the encoded size of the counters of one host and its VMs. */
export function countersBytes(host: HostCounters, vms: readonly VmCounters[]): number {
  let n = countersTemplateBytes(host) + 2;
  for (const vm of vms) n += countersTemplateBytes(vm) + 1;
  return n;
}

/**
 * The encoded size of one trace sample, exactly (a sample holds no typed arrays, so the frame
 * carries its JSON as it is). Measured rather than bounded like the counters: a bound is about
 * twice the size, and twice the samples fit beside the maps of a big host, which keeps the
 * charts in step with the clock at high speeds.
 */
export function sampleWireBytes(sample: TraceSample): number {
  const json = JSON.stringify(sample);
  // ASCII JSON is as long in bytes as in characters; anything else is measured exactly.
  return /^[\x00-\x7f]*$/.test(json) ? json.length : new TextEncoder().encode(json).length;
}

export function hostMapBytes(map: HostMap | null): number {
  if (map === null) return 4;
  return (
    160 +
    5 * numberBytes +
    map.vmIds.reduce((n, id) => n + stringBytes(id) + 1, 2) +
    encodedTypedArrayBytes(map.counts.byteLength) +
    encodedTypedArrayBytes(map.owner.byteLength)
  );
}

export function guestMapBytes(map: GuestMap | null): number {
  if (map === null) return 4;
  return (
    200 +
    6 * numberBytes +
    stringBytes(map.vm) +
    encodedTypedArrayBytes(map.guestCounts.byteLength) +
    encodedTypedArrayBytes(map.hvCounts.byteLength)
  );
}

/** What is left for samples and log lines once the fixed parts of a frame are counted. */
export function frameFixedBytes(host: HostCounters, vms: readonly VmCounters[]): number {
  return frameOverheadBytes + countersBytes(host, vms);
}
