import type { HostState } from '../model/counters';
import { tighterState } from './policy-math';
import { fmtMiB } from '../model/units';
import type { PolicySpec } from '../scenario/policy-schema';
import type {
  MemoryPolicy,
  PolicyDecision,
  PolicyHostView,
  PolicyNote,
  PolicyVmView,
  VmTargets,
} from './policy-types';
import { minFundingAllocation, type FundingClaim } from './esx/min-funding';
import { taxBrackets } from './esx/idle-tax';
import { stateTargets } from './esx/state-targets';

interface EsxState {
  lastBalanceTick: number;
  /** Host state at the last reallocation: only a tighter one reallocates before the period is due. */
  balancedState: HostState | null;
  /** Allocation target (SZTGT) per VM from the last reallocation, pages. */
  alloc: Record<string, number>;
  /** Bounds and VM set at the last balance: a change rebalances at once. */
  fingerprint: number;
  /** Targets last written to each VM's log: [alloc, balloon, swap] pages. */
  noted: Record<string, [number, number, number]>;
  /** Latest balloon target per VM (to tell a balloon that was asked to grow and did not). */
  balloon: Record<string, number>;
}

/** A target change worth a log line: more than 1/32 of the VM's memory. */
const NOTE_FRACTION = 1 / 32;

const driverCodes: Record<PolicyVmView['driver'], number> = { ok: 1, absent: 2, slow: 3, stuck: 4 };

/** A number that changes when the VM set or any VM's bounds, shares or driver change (cheap: runs every tick). */
function mix(h: number, x: number): number {
  return (Math.imul(h ^ (x % 4294967296), 0x9e3779b1) + ((x / 4294967296) | 0)) >>> 0;
}

function fingerprintOf(vms: readonly PolicyVmView[]): number {
  let h = vms.length;
  for (const v of vms) {
    for (let i = 0; i < v.id.length; i++) h = mix(h, v.id.charCodeAt(i));
    h = mix(
      mix(mix(mix(mix(h, v.memoryPages), v.reservationPages), v.limitPages), v.shares),
      driverCodes[v.driver],
    );
  }
  return h;
}

/**
 * VMware ESX (Waldspurger 2002, vSphere resource management): every balance period, and at
 * once when the host changes state or a VM's bounds change, the machine memory the VMs may hold
 * (what they consume now, shared pages at their part of a frame, plus free memory above minFree)
 * is divided by min-funding revocation
 * with the idle memory tax, bounded by reservation and limit (SZTGT). While nobody needs
 * memory back, VMs keep what they have and spare memory goes by the same rule; when memory
 * must be reclaimed it comes from the VMs with the lowest shares per (tax-adjusted) page.
 * The state table then turns each VM's excess into balloon (MCTLTGT) and swap (SWTGT) targets.
 *
 * A state change applies the new state's table at once, but reallocates only when the host is
 * tighter than at the last reallocation: a host flapping between soft and hard stops swapping
 * as soon as it is back in soft without recomputing every VM's target on each flip.
 */
export function createEsxPolicy(spec: PolicySpec): MemoryPolicy {
  let st: EsxState = {
    lastBalanceTick: -Infinity,
    balancedState: null,
    alloc: {},
    fingerprint: -1,
    noted: {},
    balloon: {},
  };
  const tax = taxBrackets(spec.idleTaxPct / 100, spec.idleTaxType);

  /** Min-funding revocation over the machine memory the VMs may hold: each VM's SZTGT. */
  function reallocate(host: PolicyHostView, vms: readonly PolicyVmView[], fingerprint: number): number[] {
    st.lastBalanceTick = host.tick;
    st.fingerprint = fingerprint;
    st.balancedState = host.state;
    const held = vms.reduce((s, v) => s + v.consumedPages, 0);
    const pool = Math.max(0, held + host.freePages - host.minFreePages);
    const contended = vms.reduce((s, v) => s + Math.min(v.limitPages, v.consumedPages), 0) > pool;
    // Built by push, not map: an optimized Array#map returns holey arrays, which the
    // min-funding search (optimized for packed ones) would deoptimize on.
    const claims: FundingClaim[] = [];
    for (const v of vms) {
      const lo = Math.min(v.reservationPages, v.limitPages);
      const has = Math.max(lo, Math.min(v.limitPages, v.consumedPages));
      // What the VM would hold if nothing were reclaimed from it: a ballooned or swapped VM still wants its pages.
      const wants = Math.max(
        has,
        Math.min(v.limitPages, v.consumedPages + v.balloonPages + v.swappedPages + v.compressedPages),
      );
      claims.push({
        shares: v.shares,
        activePages: v.activeFraction * v.memoryPages,
        lo: contended ? lo : has,
        hi: contended ? wants : v.limitPages,
      });
    }
    const alloc = minFundingAllocation(pool, claims, tax);
    st.alloc = {};
    vms.forEach((v, i) => (st.alloc[v.id] = alloc[i]!));
    return alloc;
  }

  /** The SZTGTs of the last reallocation, in `vms` order (by push, as the claims above). */
  function allocOf(vms: readonly PolicyVmView[]): number[] {
    const alloc: number[] = [];
    for (const v of vms) alloc.push(st.alloc[v.id]!);
    return alloc;
  }

  function decide(host: PolicyHostView, vms: readonly PolicyVmView[]): PolicyDecision | null {
    const periodTicks = Math.max(1, Math.round((spec.balancePeriodS * 1000) / host.tickMs));
    const due = host.tick - st.lastBalanceTick >= periodTicks;
    const fingerprint = fingerprintOf(vms);
    if (!due && !host.stateChanged && fingerprint === st.fingerprint) return null;
    const reuse =
      !due &&
      fingerprint === st.fingerprint &&
      !tighterState(host.state, st.balancedState) &&
      vms.every((v) => st.alloc[v.id] !== undefined);
    const alloc = reuse ? allocOf(vms) : reallocate(host, vms, fingerprint);
    const targets = new Map<string, VmTargets>();
    const notes: PolicyNote[] = [];
    vms.forEach((v, i) => {
      const t = stateTargets(host.state, v, alloc[i]!, host.tick, host.tickMs, st.balloon[v.id] ?? 0);
      targets.set(v.id, t);
      st.balloon[v.id] = t.balloonTargetPages;
      const previous = st.noted[v.id];
      const moved =
        !previous ||
        Math.abs(previous[0] - t.allocTargetPages) > v.memoryPages * NOTE_FRACTION ||
        Math.abs(previous[1] - t.balloonTargetPages) > v.memoryPages * NOTE_FRACTION ||
        Math.abs(previous[2] - t.swapTargetPages) > v.memoryPages * NOTE_FRACTION;
      if (moved) {
        st.noted[v.id] = [t.allocTargetPages, t.balloonTargetPages, t.swapTargetPages];
        notes.push({
          vm: v.id,
          event: 'targets',
          message:
            `${host.state}: SZTGT ${fmtMiB(t.allocTargetPages)}, MCTLTGT ${fmtMiB(t.balloonTargetPages)}, ` +
            `SWTGT ${fmtMiB(t.swapTargetPages)} (consumed ${fmtMiB(v.consumedPages)}, active estimate ${(100 * v.activeFraction).toFixed(0)}%)`,
        });
      }
    });
    return { targets, notes };
  }

  return {
    kind: 'esx',
    decide,
    saveState: () =>
      JSON.parse(
        JSON.stringify({
          ...st,
          lastBalanceTick: Number.isFinite(st.lastBalanceTick) ? st.lastBalanceTick : null,
        }),
      ),
    restoreState(state: unknown) {
      const s = state as Omit<EsxState, 'lastBalanceTick' | 'balancedState' | 'alloc'> &
        Partial<Pick<EsxState, 'balancedState' | 'alloc'>> & { lastBalanceTick: number | null };
      // State saved before reallocation and state table were separate reallocates at the next decision.
      st = JSON.parse(
        JSON.stringify({
          balancedState: null,
          alloc: {},
          ...s,
          lastBalanceTick: s.lastBalanceTick ?? -Infinity,
        }),
      ) as EsxState;
      if (s.lastBalanceTick === null) st.lastBalanceTick = -Infinity;
    },
  };
}
