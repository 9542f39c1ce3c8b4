import type { ClockConfig } from '../config/schema.js';
import { AcceleratedClock, type Clock, ManualClock, RealClock } from './clock.js';

/** The clock the configuration asks for; accelerated and manual clocks start at `startAt` or at the real now. */
export function createClock(config: ClockConfig, realNow: () => number = Date.now): Clock {
  switch (config.mode) {
    case 'real':
      return new RealClock();
    case 'accelerated':
      return new AcceleratedClock(config.startAt ?? realNow(), config.factor, realNow);
    case 'manual':
      return new ManualClock(config.startAt ?? realNow());
  }
}
