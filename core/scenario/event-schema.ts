import { z } from 'zod';
import { maxTimeS } from './scenario-limits';
import { vmIdSchema, vmSettingsSchema } from './vm-schema';

const vmDescription = 'Id of the VM to change.';
const powerDescription = 'Power the VM on (admission control may refuse) or off.';

/** A change to one VM: new settings, a power action, or both. Live interventions use the same shape. */
export const interventionSchema = z
  .strictObject({
    vm: vmIdSchema.describe(vmDescription),
    set: vmSettingsSchema.optional(),
    power: z.enum(['on', 'off']).optional().describe(powerDescription),
  })
  .refine((e) => e.set !== undefined || e.power !== undefined, 'needs "set" or "power"');

/** A scheduled intervention at simulated second `atS`. */
export const eventSchema = z
  .strictObject({
    atS: z.number().min(0).max(maxTimeS).describe('Simulated second the change happens; at most durationS.'),
    vm: vmIdSchema.describe(vmDescription),
    set: vmSettingsSchema.optional(),
    power: z.enum(['on', 'off']).optional().describe(powerDescription),
  })
  .refine((e) => e.set !== undefined || e.power !== undefined, 'needs "set" or "power"')
  .describe('A change to one VM at a simulated second: new settings, a power action, or both.');

export type Intervention = z.infer<typeof interventionSchema>;
export type ScenarioEvent = z.infer<typeof eventSchema>;

/** An intervention with the tick it was applied at (live changes, as sessions record them). */
export interface RecordedIntervention {
  tick: number;
  intervention: Intervention;
}
