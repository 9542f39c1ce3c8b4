import type { StockState } from '../domain/vocabulary.js';
import type { BilingualText } from '../screening/text.js';
import type { StockMoveKind } from './unit.js';

/** State names as the stock board shows them. */
export const STOCK_STATE_NAMES: Readonly<Record<StockState, BilingualText>> = {
  in_stock: { da: 'på lager', en: 'in stock' },
  reserved: { da: 'reserveret', en: 'reserved' },
  installed: { da: 'installeret', en: 'installed' },
  collected: { da: 'hjemtaget', en: 'collected' },
  cleaning: { da: 'til rengøring', en: 'being cleaned' },
  repair: { da: 'til reparation', en: 'in repair' },
  scrapped: { da: 'kasseret', en: 'scrapped' },
};

/** Move names as buttons: Danish infinitive, English imperative. */
export const STOCK_MOVE_NAMES: Readonly<Record<StockMoveKind, BilingualText>> = {
  reserve: { da: 'Reservér', en: 'Reserve' },
  install: { da: 'Installér', en: 'Install' },
  collect: { da: 'Hjemtag', en: 'Collect' },
  clean: { da: 'Send til rengøring', en: 'Send to cleaning' },
  repair: { da: 'Send til reparation', en: 'Send to repair' },
  return_to_stock: { da: 'Sæt på lager', en: 'Return to stock' },
  scrap: { da: 'Kassér', en: 'Scrap' },
};

/** Danish passive and English past participle, for "cannot be …" sentences. */
const PASSIVE: Readonly<Record<StockMoveKind, BilingualText>> = {
  reserve: { da: 'reserveres', en: 'reserved' },
  install: { da: 'installeres', en: 'installed' },
  collect: { da: 'hjemtages', en: 'collected' },
  clean: { da: 'sendes til rengøring', en: 'sent to cleaning' },
  repair: { da: 'sendes til reparation', en: 'sent to repair' },
  return_to_stock: { da: 'sættes på lager', en: 'returned to stock' },
  scrap: { da: 'kasseres', en: 'scrapped' },
};

export function illegalMoveMessage(state: StockState, move: StockMoveKind): BilingualText {
  return {
    da: `Enheden er ${STOCK_STATE_NAMES[state].da} og kan ikke ${PASSIVE[move].da}.`,
    en: `The unit is ${STOCK_STATE_NAMES[state].en} and cannot be ${PASSIVE[move].en}.`,
  };
}

export const SCRAPPED_MESSAGE: BilingualText = {
  da: 'Enheden er kasseret og kan ikke bruges igen.',
  en: 'The unit is scrapped and cannot be used again.',
};

export const RESERVED_FOR_OTHER_MESSAGE: BilingualText = {
  da: 'Enheden er reserveret til en anden borger.',
  en: 'The unit is reserved for another citizen.',
};

export function reasonRequiredMessage(move: StockMoveKind): BilingualText {
  return move === 'repair'
    ? {
        da: 'Beskriv fejlen, før enheden sendes til reparation.',
        en: 'Describe the fault before sending the unit to repair.',
      }
    : { da: 'Angiv en begrundelse for at kassere enheden.', en: 'Give a reason for scrapping the unit.' };
}

export function forbiddenMoveMessage(move: StockMoveKind): BilingualText {
  return {
    da: `Din rolle giver ikke adgang til at bruge "${STOCK_MOVE_NAMES[move].da}" på enheder.`,
    en: `Your role may not use "${STOCK_MOVE_NAMES[move].en}" on units.`,
  };
}
