import { z } from 'zod';
import { TeamId } from './vocabulary.js';

/** A care team (local home-care team or the e-Team); data access is scoped to teams. */
export const Team = z.strictObject({
  id: TeamId,
  name: z.string().min(1).max(128),
});
export type Team = z.infer<typeof Team>;
