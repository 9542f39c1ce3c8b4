import { FollowUpRecord, Screening, StockUnit, TrainingRecord } from '@medtek/core';
import { z } from 'zod';

/**
 * Registry changes the engine does not need (screenings, follow-ups, training, stock units). They are journaled like
 * engine inputs — the journal is the source of truth for every registry change — and applied to the lowdb registry
 * (a projection) once durable, and again on start-up replay (upserts are idempotent).
 */
export const ProjectionRecord = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('screening_upsert'), screening: Screening }),
  z.strictObject({ kind: z.literal('follow_up_upsert'), followUp: FollowUpRecord }),
  z.strictObject({ kind: z.literal('training_upsert'), training: TrainingRecord }),
  z.strictObject({ kind: z.literal('stock_unit_upsert'), unit: StockUnit }),
]);
export type ProjectionRecord = z.infer<typeof ProjectionRecord>;
