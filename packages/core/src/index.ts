export * from './protocol/codes.js';
export * from './domain/vocabulary.js';
