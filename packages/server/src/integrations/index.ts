export * from './handlers.js';
export * from './journal-entries.js';
export * from './routes.js';
