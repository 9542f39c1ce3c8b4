import { CitizenId, EpochMs, Role, UserId } from '@medtek/core';
import { z } from 'zod';

/** A Danish CPR number (DDMMYY-XXXX or 10 digits): must never reach an audit line or a console log. */
const CPR_PATTERN = /(?<!\d)\d{6}-?\d{4}(?!\d)/;

export function containsCpr(text: string): boolean {
  return CPR_PATTERN.test(text);
}

const NoCpr = (schema: z.ZodString) => schema.refine((text) => !containsCpr(text), 'must not contain a CPR number');

export const AccessAction = z.enum(['read', 'create', 'update', 'delete', 'export']);
export type AccessAction = z.infer<typeof AccessAction>;

/**
 * One access to a citizen's health data (ISO 27789: who, whose data, what, when — identifiers, never clinical
 * content). `resource` names what was touched: citizen, schedule, screening, alarm, device, audit, ….
 */
export const AccessAuditEntry = z.strictObject({
  at: EpochMs,
  userId: UserId,
  role: Role,
  citizenId: CitizenId.refine((id) => !containsCpr(id), 'a pseudonymous id, never a CPR number'),
  action: AccessAction,
  resource: NoCpr(z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/)),
  purpose: NoCpr(z.string().min(1).max(256)).optional(),
});
export type AccessAuditEntry = z.infer<typeof AccessAuditEntry>;

/** The stored line: the entry plus a SHA-256 chain over the file's previous line (tamper evidence). */
export const StoredAuditLine = AccessAuditEntry.extend({ hash: z.string().regex(/^[0-9a-f]{64}$/) });
export type StoredAuditLine = z.infer<typeof StoredAuditLine>;
