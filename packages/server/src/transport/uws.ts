import { createRequire } from 'node:module';
import uWS from 'uWebSockets.js';

const require = createRequire(import.meta.url);

/**
 * True only when the native uWebSockets.js addon is loaded. The aliased package's loader silently falls back to a
 * slow pure-JS shim (e.g. on an ABI mismatch or with UWS_USE_FALLBACK=1); Node caches the native module by its path,
 * so the loader's result is the very object `require` returns for the binary only when the addon is in use.
 */
export function isNativeUws(): boolean {
  let binding: unknown;
  try {
    binding = require(
      `uWebSockets.js/binaries/uws_${process.platform}_${process.arch}_${process.versions.modules}.node`,
    );
  } catch {
    return false;
  }
  const api = uWS as unknown as Record<string, unknown>;
  return binding === uWS && typeof api.SSLApp === 'function' && typeof api.getParts === 'function';
}

export class NativeUwsMissingError extends Error {
  constructor() {
    super(
      `uWebSockets.js native binding did not load (platform ${process.platform}-${process.arch}, ` +
        `Node ABI ${process.versions.modules}); its loader fell back to a slow JavaScript shim. ` +
        'Use Node 20 on linux-x64 (see docs/toolchain) and make sure UWS_USE_FALLBACK is not set.',
    );
    this.name = 'NativeUwsMissingError';
  }
}

/** Call before starting any server: Medtek never runs on the fallback shim. */
export function assertNativeUws(): void {
  if (!isNativeUws()) throw new NativeUwsMissingError();
}

export { uWS };
