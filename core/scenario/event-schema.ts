import { z } from 'zod';
import { vmIdSchema, vmSettingsSchema } from './vm-schema';

/** A change to one VM: new settings, a power action, or both. Live interventions use the same shape. */
export const interventionSchema = z
  .strictObject({
    vm: vmIdSchema,
    set: vmSettingsSchema.optional(),
    power: z.enum(['on', 'off']).optional(),
  })
  .refine((e) => e.set !== undefined || e.power !== undefined, 'needs "set" or "power"');

/** A scheduled intervention at simulated second `atS`. */
export const eventSchema = z
  .strictObject({
    atS: z.number().min(0),
    vm: vmIdSchema,
    set: vmSettingsSchema.optional(),
    power: z.enum(['on', 'off']).optional(),
  })
  .refine((e) => e.set !== undefined || e.power !== undefined, 'needs "set" or "power"');

export type Intervention = z.infer<typeof interventionSchema>;
export type ScenarioEvent = z.infer<typeof eventSchema>;
