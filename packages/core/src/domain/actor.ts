import { z } from 'zod';

/**
 * Who caused a transition: a user id, `system` (the engine's own rules: timers, sweeps) or `device:<deviceId>`.
 * Audit entries and alarm fields that say "by whom" use this one shape.
 */
export const Actor = z
  .string()
  .regex(/^(system|device:[A-Za-z0-9][A-Za-z0-9._:-]{0,63}|[A-Za-z0-9][A-Za-z0-9._:-]{0,63})$/);
export type Actor = z.infer<typeof Actor>;

export const SYSTEM_ACTOR: Actor = 'system';

export function deviceActor(deviceId: string): Actor {
  return `device:${deviceId}`;
}
