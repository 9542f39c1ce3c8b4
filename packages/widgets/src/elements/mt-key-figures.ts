import { MtKeyFigures } from '../key-figures/key-figures.js';
import { define } from '../shared/define.js';

define('mt-key-figures', MtKeyFigures);

declare global {
  interface HTMLElementTagNameMap {
    'mt-key-figures': MtKeyFigures;
  }
}

export { MtKeyFigures };
