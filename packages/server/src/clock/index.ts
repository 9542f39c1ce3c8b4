export { AcceleratedClock, type Clock, type ClockMode, ManualClock, RealClock } from './clock.js';
export { DeadlineScheduler } from './deadline-scheduler.js';
export { createClock } from './create.js';
export { adjustManualClock, ClockAdjustRequest, type ClockAdjustResult } from './admin-clock.js';
