import { z } from 'zod';

/** A local calendar date in Europe/Copenhagen, `YYYY-MM-DD`. */
export const LocalDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
export type LocalDate = z.infer<typeof LocalDate>;

/** A local wall-clock time in Europe/Copenhagen, `HH:MM` (24 h). */
export const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
export type LocalTime = z.infer<typeof LocalTime>;
