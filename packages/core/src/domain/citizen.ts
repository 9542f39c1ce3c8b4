import { z } from 'zod';
import { CitizenId, StaircaseStep, TeamId } from './vocabulary.js';

/** A citizen on medication technology. The id is pseudonymous; no CPR number here. */
export const Citizen = z.strictObject({
  id: CitizenId,
  teamId: TeamId,
  name: z.string().min(1).max(128),
  address: z.string().max(256),
  /** Current step on the staircase ("indsatstrappe"). */
  staircaseStep: StaircaseStep,
});
export type Citizen = z.infer<typeof Citizen>;
