/** The format before each hypervisor got its own machinery (balloon drivers, large pages, progressive tax). */
export const scenarioV1SchemaId = 'balloon-lab/scenario@1';

/**
 * What a @1 file that left a field out ran with, for the fields whose default changed in @2. A @1
 * file written after the field existed carries it (the app writes every field, null included), so
 * only files from before keep these.
 */
export const scenarioV1Pins = {
  /** Every VM ran the Linux vmw_balloon from before 4.20, whatever the policy. */
  balloonModel: 'vmw-legacy',
  /** Guest memory was backed in small pages only. */
  largePages: false,
  /** The idle tax was the flat one of Waldspurger 2002. */
  idleTaxType: 'flat',
  /** Page sharing scanned each VM in scanTimeMin whatever its size (the schema's largest rate). */
  shareRateMaxPagesPerS: 1_048_576,
} as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `obj` with `key` set to `value` when it left `key` out; non-objects pass through for the schema to refuse. */
function pinAbsent(obj: unknown, key: string, value: unknown): unknown {
  if (obj === undefined) return { [key]: value };
  if (!isRecord(obj) || key in obj) return obj;
  return { ...obj, [key]: value };
}

function pinPolicy(policy: unknown): unknown {
  const pinned = pinAbsent(policy, 'idleTaxType', scenarioV1Pins.idleTaxType);
  if (!isRecord(pinned)) return pinned;
  const sharing = pinAbsent(pinned['pageSharing'], 'rateMaxPagesPerS', scenarioV1Pins.shareRateMaxPagesPerS);
  return { ...pinned, pageSharing: sharing };
}

/**
 * Turns a `balloon-lab/scenario@1` document into the @2 shape so that it keeps its meaning: the
 * fields whose default changed are written down with the value the file ran with
 * ({@link scenarioV1Pins}). Machinery that was wrong rather than configurable (KSM instead of ESX
 * sharing under kvm-mom, LRU host reclaim, Xen's populate-on-boot, Hyper-V's weight) is not
 * pinned: a @1 file gets the corrected model. Any other document is returned unchanged, and so is
 * anything malformed, which the schema then refuses with the file's own field paths.
 */
export function upgradeScenarioV1(input: unknown, currentSchemaId: string): unknown {
  if (!isRecord(input) || input['schema'] !== scenarioV1SchemaId) return input;
  const out: Record<string, unknown> = { ...input, schema: currentSchemaId };
  out['host'] = pinAbsent(input['host'], 'largePages', scenarioV1Pins.largePages);
  out['policy'] = pinPolicy(input['policy']);
  const vms = input['vms'];
  if (Array.isArray(vms))
    out['vms'] = vms.map((vm) => pinAbsent(vm, 'balloonModel', scenarioV1Pins.balloonModel));
  return out;
}
