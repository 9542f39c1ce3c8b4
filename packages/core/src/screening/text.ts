import { z } from 'zod';

/** The languages of the UI: Danish (default) and English. */
export const UiLanguage = z.enum(['da', 'en']);
export type UiLanguage = z.infer<typeof UiLanguage>;

export const DEFAULT_UI_LANGUAGE: UiLanguage = 'da';

/** A text shown to users, in both UI languages. Stored as shown, so a record keeps the wording of its time. */
export const BilingualText = z.strictObject({
  da: z.string().min(1).max(1000),
  en: z.string().min(1).max(1000),
});
export type BilingualText = z.infer<typeof BilingualText>;
