export { startServer } from './http-server.js';
export type { RunningServer, ServerOptions } from './http-server.js';
export { assertNativeUws, isNativeUws, NativeUwsMissingError } from './transport/uws.js';
export * from './journal/index.js';
