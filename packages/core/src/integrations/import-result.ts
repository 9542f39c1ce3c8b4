import type { z } from 'zod';
import { Schedule } from '../domain/schedule.js';

/** One reason an import was refused: the dotted path of the offending field (zod path) and what is wrong with it. */
export interface ImportIssue {
  path: string;
  message: string;
}

/**
 * The outcome of mapping an external schedule source. `schedules` are versions in ascending `validFrom` order:
 * submit each as a `registry` / `schedule_upsert` input, in order, so the engine's invalidation runs.
 * `warnings` list what was deliberately left out (e.g. pn pouches) so the importer can show it.
 */
export type ImportResult =
  { ok: true; schedules: Schedule[]; warnings: string[] } | { ok: false; errors: ImportIssue[] };

export function pathOf(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment)).join('.');
}

export function refused(errors: ImportIssue[]): ImportResult {
  return { ok: false, errors };
}

/** Zod issues as import issues (paths like `periods.0.pouches.3.time`). */
export function issuesOf(error: z.ZodError): ImportIssue[] {
  return error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message }));
}

/** Every schedule is checked against the domain schema (limits such as 24 slots a day), naming the period's field. */
export function finish(schedules: Schedule[], warnings: string[]): ImportResult {
  const errors: ImportIssue[] = [];
  schedules.forEach((schedule, index) => {
    const checked = Schedule.safeParse(schedule);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        errors.push({ path: pathOf(['schedules', index, ...issue.path]), message: issue.message });
      }
    }
  });
  return errors.length > 0 ? refused(errors) : { ok: true, schedules, warnings };
}
