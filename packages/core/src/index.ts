export * from './protocol/codes.js';
