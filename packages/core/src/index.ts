export * from './protocol/codes.js';
export * from './domain/vocabulary.js';
export * from './protocol/ids.js';
export * from './protocol/device-events.js';
export * from './protocol/device-frames.js';
