import { MtAlarmList } from '../alarm-list/alarm-list.js';
import { define } from '../shared/define.js';
import './mt-session.js';

define('mt-alarm-list', MtAlarmList);

declare global {
  interface HTMLElementTagNameMap {
    'mt-alarm-list': MtAlarmList;
  }
}

export { MtAlarmList };
