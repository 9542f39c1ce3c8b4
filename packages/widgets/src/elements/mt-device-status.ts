import { MtDeviceStatus } from '../device-status/device-status.js';
import { define } from '../shared/define.js';
import './mt-session.js';

define('mt-device-status', MtDeviceStatus);

declare global {
  interface HTMLElementTagNameMap {
    'mt-device-status': MtDeviceStatus;
  }
}

export { MtDeviceStatus };
