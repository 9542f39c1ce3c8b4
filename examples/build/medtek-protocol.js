// Entry of the custom dashboard's protocol module (built to examples/dist/medtek-protocol.js, served at
// /protocol/medtek-protocol.js): @medtek/core's live codec — the same encoder and the same validating decoder
// (hard limits before allocation, then the zod schemas) that the server uses.
export {
  decodeLiveServerFrame,
  encodeLiveClientFrame,
  PROTOCOL_VERSION,
  LIVE_SERVER_LIMITS,
  AlarmPriority,
  AlarmState,
  // For the care-record page: a completed screening is stored with core's recommendation and follow-up date.
  CURRENT_QUESTIONNAIRE,
  submitScreening,
} from '@medtek/core';
