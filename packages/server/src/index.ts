export { resolveConfig, startServer } from './server.js';
export type { RunningServer, StartServerOptions } from './server.js';
export { assertNativeUws, isNativeUws, NativeUwsMissingError } from './transport/uws.js';
export * from './journal/index.js';
