export { type ProvisionResult, Registry, RegistryLoadError, serverKeyId } from './registry.js';
export {
  DeviceCredential,
  emptyRegistry,
  RegisteredDevice,
  RegistryData,
  RegistryUser,
  StateSnapshot,
} from './schema.js';
