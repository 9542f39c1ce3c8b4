import { da, type Messages } from './da.js';
import { en } from './en.js';
import type { Locale } from './locale.js';

export type { Messages };

const tables: Record<Locale, Messages> = { da, en };

export function messagesFor(locale: Locale): Messages {
  return tables[locale];
}
