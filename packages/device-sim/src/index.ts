export { createRandom, type Random } from './random.js';
export { realScheduler, VirtualScheduler, type Scheduler, type TimerHandle } from './time/scheduler.js';
export { DeviceClock, type DeviceClockOptions } from './device/device-clock.js';
export { Outbox, MAX_BATCH_EVENTS } from './device/outbox.js';
export { wsTransport, type Connection, type Transport, type TransportHandlers } from './device/transport.js';
export { MemoryNetwork, type MemoryPeer } from './device/memory-transport.js';
export { signDeviceChallenge } from './device/device-auth.js';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './device/backoff.js';
export {
  DeviceRuntime,
  type DeviceIdentity,
  type DeviceRuntimeOptions,
  type RuntimeListener,
  type RuntimeState,
  type RuntimeStats,
  type StatusReport,
  type WireHooks,
} from './device/device-runtime.js';
export { DeviceModel, type DeviceSink, type DeviceModelOptions, type SlotState } from './devices/device-model.js';
export { FlexSmartApp } from './devices/flexsmart.js';
export { MedidoClock, RollDispenser, type RollDispenserOptions } from './devices/roll-dispenser.js';
export { Smila } from './devices/smila.js';
export { MedimiSmart, type CassetteSetup, type MedimiOptions } from './devices/medimi.js';
export {
  FORGETFUL_CITIZEN,
  planDose,
  RELIABLE_CITIZEN,
  type CitizenProfile,
  type DosePlan,
  type Habit,
} from './devices/citizen.js';
export { packRoll } from './devices/pharmacy.js';
export { expandSchedule } from './devices/schedule-occurrences.js';
export { createDeviceModel, SimDevice, type SimDeviceOptions } from './devices/sim-device.js';
export {
  applyFault,
  FAULT_NAMES,
  WIRE_FAULTS,
  wireFaults,
  type FaultContext,
  type FaultName,
} from './faults/faults.js';
export { FaultPlan, parseFaultRates, type FaultRates } from './faults/fault-plan.js';
export { BASELINE_NAMES, startBaseline, type BaselineName, type BaselineServer } from './load/baselines.js';
export { runLoad, type LoadOptions, type LoadReport } from './load/load-generator.js';
export { summarize, type LatencySummary } from './load/histogram.js';
export { LiveClient } from './scenarios/live-client.js';
export { ScenarioWorld, type CitizenSetup, type ScenarioServer } from './scenarios/world.js';
export { MORNING_DOSE, SCENARIO_START, SCENARIOS, type Scenario, type ScenarioOutcome } from './scenarios/scenarios.js';
export { startFleet, type Fleet, type FleetOptions } from './fleet/fleet.js';
export { provisionFleet, type ProvisionedFleet, type ProvisionOptions } from './fleet/provision.js';
export { planFleet, type FleetPlanOptions } from './fleet/fleet-plan.js';
export { FleetPlan, FleetSeed, readFleetSeed, SeededDevice, writeFleetSeed } from './fleet/fleet-seed.js';
export type { FleetStats } from './fleet/fleet-stats.js';
export { DEFAULT_MIX, parseMix, type DeviceMix } from './fleet/mix.js';
export {
  CITIZEN_PROFILES,
  DEFAULT_PROFILE_MIX,
  parseProfileMix,
  type CitizenProfileName,
  type ProfileMix,
} from './fleet/profiles.js';
export { MedtekRest, RestError, type TokenSource } from './fleet/rest-client.js';
