import type { PolicyKind } from '../../../core/scenario/policy-schema';

/** Each policy as a choice reads: its id (as in scenario files and the CLI) and what it is. */
export const policyKindLabels: Record<PolicyKind, string> = {
  esx: 'esx — VMware ESXi (shares, idle tax)',
  static: 'static — no ballooning, swap only',
  'kvm-mom': 'kvm-mom — oVirt MOM rules',
  hyperv: 'hyperv — Hyper-V Dynamic Memory',
  xen: 'xen — squeezed',
};
