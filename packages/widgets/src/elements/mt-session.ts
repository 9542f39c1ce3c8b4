import { define } from '../shared/define.js';
import { MtSession } from '../shared/session/session-element.js';

define('mt-session', MtSession);

declare global {
  interface HTMLElementTagNameMap {
    'mt-session': MtSession;
  }
}

export { MtSession };
