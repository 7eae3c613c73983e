/** Which pages a map summary covers and how many cells it may use. */
export interface MapRequest {
  /** Maximum number of cells; the summary uses at most this many. */
  cells: number;
  /** First page (machine page for the host map, guest PPN for a guest map); default 0. */
  firstPage?: number;
  /** Pages covered; default all. */
  pageCount?: number;
}

/** Machine page states shown on the host map, in legend order. */
export const hostPageStates = ['free', 'hypervisor', 'overhead', 'private', 'shared', 'zip'] as const;
export type HostPageState = (typeof hostPageStates)[number];

/**
 * Host memory map summary: `counts[cell * hostPageStates.length + state]` machine pages;
 * `owner[cell]` is the index into `vmIds` of the VM owning most pages of the cell,
 * -1 when none (free or hypervisor), -2 when the cell is mostly shared across VMs.
 */
export interface HostMap {
  firstPage: number;
  pageCount: number;
  pagesPerCell: number;
  cells: number;
  vmIds: string[];
  counts: Uint32Array;
  owner: Int16Array;
}

/** What the guest OS uses each PPN for, in legend order. */
export const guestPageClasses = ['kernel', 'hot', 'cold', 'cache', 'free', 'balloon'] as const;
export type GuestPageClass = (typeof guestPageClasses)[number];
/** The hypervisor's view of each PPN, in legend order. */
export const hvPageStates = ['unbacked', 'private', 'shared', 'ballooned', 'compressed', 'swapped'] as const;
export type HvPageState = (typeof hvPageStates)[number];

/** Guest memory map summary of one VM: two count arrays of `cells * classes` entries. */
export interface GuestMap {
  vm: string;
  firstPage: number;
  pageCount: number;
  pagesPerCell: number;
  cells: number;
  guestCounts: Uint32Array;
  hvCounts: Uint32Array;
  /** Application pages the guest has swapped out to its own disk (not in any PPN). */
  guestSwappedPages: number;
  /** PPNs of the window backed by 2 MiB large pages (host.largePages). */
  largePagePages: number;
}
