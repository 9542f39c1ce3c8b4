import { Role, TeamId, UserId } from '@medtek/core';
import { z } from 'zod';

/** The widget user a verified token speaks for. `exp` (epoch ms) ends the live session (close 1008). */
export const Principal = z.strictObject({
  userId: UserId,
  role: Role,
  teamIds: z.array(TeamId).max(256),
  name: z.string().min(1).max(128).optional(),
  exp: z.number().int().min(0),
});
export type Principal = z.infer<typeof Principal>;

/**
 * The claims Medtek reads from a host portal's token (other claims are ignored): `sub` (user id), `role` (one of the
 * five roles), `teams` (team ids, required; may be empty for an administrator), optional `name`.
 */
export const MedtekClaims = z.object({
  sub: UserId,
  role: Role,
  teams: z.array(TeamId).max(256),
  name: z.string().min(1).max(128).optional(),
  exp: z.number().int().min(0),
});
export type MedtekClaims = z.infer<typeof MedtekClaims>;
