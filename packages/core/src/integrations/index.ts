export * from './cpr.js';
export * from './import-result.js';
export * from './import-target.js';
export * from './week-plan.js';
export * from './fmk-card.js';
export * from './eoj-plan.js';
export * from './fhir-medication-request.js';
