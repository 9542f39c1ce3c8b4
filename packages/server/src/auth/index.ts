export * from './authorize.js';
export * from './device-auth.js';
export * from './dev-token-key.js';
export { loadDeviceKeyRing, loadOrCreateServerKey, type DeviceKeySources } from './server-key.js';
export { MedtekClaims, Principal } from './principal.js';
export { createTokenVerifier, type TokenConfig, type TokenVerification, type TokenVerifier } from './token.js';
