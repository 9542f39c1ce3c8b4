export * from './unit.js';
export * from './lifecycle.js';
export * from './stock-unit.js';
export * from './messages.js';
export * from './apply.js';
export * from './thresholds.js';
export * from './forecast.js';
export * from './view.js';
