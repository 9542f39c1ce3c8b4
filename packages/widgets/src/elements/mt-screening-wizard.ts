import { MtScreeningWizard } from '../screening-wizard/screening-wizard.js';
import { define } from '../shared/define.js';

define('mt-screening-wizard', MtScreeningWizard);

declare global {
  interface HTMLElementTagNameMap {
    'mt-screening-wizard': MtScreeningWizard;
  }
}

export { MtScreeningWizard };
