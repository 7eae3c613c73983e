import type { PolicySpec } from '../scenario/policy-schema';
import type { MemoryPolicy } from './policy-types';
import { createEsxPolicy } from './esx-policy';
import { createStaticPolicy } from './static-policy';
import { createKvmMomPolicy } from './kvm-mom-policy';
import { createHypervPolicy } from './hyperv-policy';
import { createXenPolicy } from './xen-policy';

/** The named policy variants (docs/model.md#policies). */
export function createPolicy(spec: PolicySpec): MemoryPolicy {
  switch (spec.kind) {
    case 'esx':
      return createEsxPolicy(spec);
    case 'static':
      return createStaticPolicy(spec);
    case 'kvm-mom':
      return createKvmMomPolicy(spec);
    case 'hyperv':
      return createHypervPolicy(spec);
    case 'xen':
      return createXenPolicy(spec);
  }
}
