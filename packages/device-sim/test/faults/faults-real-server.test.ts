import { CloseCode, ErrorCode, slotInstant } from '@medtek/core';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFault, FAULT_NAMES, wireFaults, type FaultContext, type FaultName } from '../../src/faults/faults.js';
import { createRandom } from '../../src/random.js';
import { MORNING_DOSE } from '../../src/scenarios/scenarios.js';
import type { CitizenSetup } from '../../src/scenarios/world.js';
import type { SimDevice } from '../../src/devices/sim-device.js';
import { VirtualScheduler } from '../../src/time/scheduler.js';
import { HEARTBEAT_MS, installWireHooks, startFaultWorld } from './real-fault-world.js';

const MINUTE = 60_000;
const DAY = '2026-11-25';
const MORNING_SLOT = `${DAY}T08:00`;

type Fixture = Awaited<ReturnType<typeof startFaultWorld>>;

/** The fault's restore timers (outage, power cut) run on this virtual scheduler: the test decides when they end. */
function faultContext(fixture: Fixture, restore: VirtualScheduler, extra: Partial<FaultContext> = {}): FaultContext {
  return { scheduler: restore, random: createRandom(11), durationMs: 10 * MINUTE, ...extra };
}

function citizen(citizenId: string, type: CitizenSetup['type'], extra: Partial<CitizenSetup> = {}): CitizenSetup {
  return { citizenId, type, slots: [MORNING_DOSE], validFrom: DAY, ...extra };
}

/** Every event the device ever recorded was applied by the server, once, and nothing waits in its outbox. */
async function expectNothingLost(fixture: Fixture, device: SimDevice): Promise<void> {
  await fixture.world.until(
    () => device.runtime.state === 'online' && device.runtime.outbox.size() === 0,
    `${device.deviceId} drained`,
  );
  expect(fixture.serverLastSeq(device)).toBe(device.runtime.stats.eventsRecorded);
}

/** A help request after the fault: the device still talks and the server acts on what it says. */
async function expectCarriesOn(fixture: Fixture, device: SimDevice): Promise<void> {
  device.model.requestHelp();
  await fixture.world.expectAlarm('help_requested', { deviceId: device.deviceId });
  await expectNothingLost(fixture, device);
}

/** Applies a wire-level garbage/truncated fault and checks the coded error frame and the device carrying on. */
async function expectCodedError(fixture: Fixture, name: FaultName, codes: string[]): Promise<void> {
  const device = await fixture.world.addCitizen(citizen(`c-${name}`, 'smila'));
  await fixture.world.subscribe();
  const errorsBefore = device.runtime.stats.errors;
  expect(applyFault(name, device, faultContext(fixture, new VirtualScheduler()))).toBe(true);
  await fixture.world.until(() => device.runtime.stats.errors > errorsBefore, 'an error frame');
  expect(codes).toContain(device.runtime.stats.lastErrorCode);
  await expectCarriesOn(fixture, device);
}

const FAULT_TESTS: Record<FaultName, (fixture: Fixture) => Promise<void>> = {
  async disconnect(fixture) {
    const { world } = fixture;
    const device = await world.addCitizen(citizen('c-disconnect', 'flexsmart'));
    await world.subscribe();
    const connects = device.runtime.stats.connects;
    expect(applyFault('disconnect', device, faultContext(fixture, new VirtualScheduler()))).toBe(true);
    // Recorded while the socket is down: buffered, then replayed after the reconnect.
    device.model.requestHelp();
    device.model.requestHelp();
    await world.until(() => device.runtime.stats.connects > connects, 'reconnect');
    await expectNothingLost(fixture, device);
    await world.expectAlarm('help_requested', { deviceId: device.deviceId });
    // Back within the backoff: the server never saw it silent long enough to call it offline.
    expect(world.live!.alarmsOf('device_offline', { deviceId: device.deviceId })).toEqual([]);
  },

  async team_outage(fixture) {
    const { world } = fixture;
    const team = [
      await world.addCitizen(citizen('c-team-1', 'medido', { teamId: 'team-out' })),
      await world.addCitizen(citizen('c-team-2', 'medimi', { teamId: 'team-out' })),
    ];
    await world.subscribe();
    const restore = new VirtualScheduler();
    expect(applyFault('team_outage', team[0]!, faultContext(fixture, restore, { teamOf: () => team }))).toBe(true);
    for (const device of team) {
      device.model.requestHelp();
      expect(device.runtime.outbox.size()).toBeGreaterThan(0);
    }
    // Silent for more than 1.5 heartbeat intervals: the server calls the team's devices offline.
    await world.advanceTo(world.server.now() + 1.5 * HEARTBEAT_MS + 10 * MINUTE);
    for (const device of team) await world.expectAlarm('device_offline', { deviceId: device.deviceId });
    restore.advance(10 * MINUTE);
    for (const device of team) {
      await expectNothingLost(fixture, device);
      await world.expectAlarm('help_requested', { deviceId: device.deviceId });
      await world.live!.waitFor(
        () => world.live!.alarmsOf('device_offline', { deviceId: device.deviceId }).every((a) => a.cleared),
        5_000,
        'offline alarm cleared',
      );
    }
  },

  garbage_frame: (fixture) => expectCodedError(fixture, 'garbage_frame', [ErrorCode.MalformedMsgpack]),

  truncated_frame: (fixture) =>
    expectCodedError(fixture, 'truncated_frame', [ErrorCode.MalformedMsgpack, ErrorCode.SchemaViolation]),

  async oversize_frame(fixture) {
    const { world } = fixture;
    const device = await world.addCitizen(citizen('c-oversize', 'medimi'));
    await world.subscribe();
    const connects = device.runtime.stats.connects;
    expect(applyFault('oversize_frame', device, faultContext(fixture, new VirtualScheduler()))).toBe(true);
    await world.until(() => device.runtime.stats.lastCloseCode !== undefined, 'the close');
    expect(device.runtime.stats.lastCloseCode).toBe(CloseCode.MessageTooBig);
    expect(device.runtime.stats.lastErrorCode).toBe(ErrorCode.FrameTooLarge);
    await world.until(() => device.runtime.stats.connects > connects, 'reconnect');
    await expectCarriesOn(fixture, device);
  },

  async duplicate_events(fixture) {
    const { world } = fixture;
    const device = await world.addCitizen(citizen('c-duplicate', 'medido'));
    await world.subscribe();
    installWireHooks(device, wireFaults({ duplicate_events: 1 }, createRandom(5)));
    const framesBefore = device.runtime.stats.eventFramesSent;
    const recordedBefore = device.runtime.stats.eventsRecorded;
    device.model.tamper();
    await expectNothingLost(fixture, device);
    await world.expectAlarm('tamper', { deviceId: device.deviceId });
    expect(device.runtime.stats.eventsRecorded).toBeGreaterThan(recordedBefore);
    // Each event went out once as counted by the runtime, twice on the wire; the server applied it once.
    expect(device.runtime.stats.eventFramesSent).toBeGreaterThan(framesBefore);
    expect(world.live!.alarmsOf('tamper', { deviceId: device.deviceId })).toHaveLength(1);
  },

  async reorder_events(fixture) {
    const { world } = fixture;
    const device = await world.addCitizen(citizen('c-reorder', 'flexsmart'));
    await world.subscribe();
    installWireHooks(device, wireFaults({ reorder_events: 0.5 }, createRandom(2)));
    for (let i = 0; i < 20; i++) device.model.requestHelp();
    await world.until(() => device.runtime.stats.resyncs > 0, 'a resync');
    await expectNothingLost(fixture, device);
    await world.expectAlarm('help_requested', { deviceId: device.deviceId });
  },

  async clock_skew(fixture) {
    const { world } = fixture;
    const device = await world.addCitizen(citizen('c-skew', 'smila'));
    await world.subscribe();
    expect(applyFault('clock_skew', device, faultContext(fixture, new VirtualScheduler()))).toBe(true);
    // The device clock never runs backwards: a skew behind shows once server time moves on. Every step's status
    // frame carries the device's (now wrong) clock.
    await world.advanceTo(world.server.now() + 10 * MINUTE);
    await world.expectAlarm('clock_skew', { deviceId: device.deviceId });
  },

  async jam(fixture) {
    const { world } = fixture;
    const device = await world.addCitizen(citizen('c-jam', 'medido', { habits: { [MORNING_SLOT]: 'on_time' } }));
    await world.subscribe();
    expect(applyFault('jam', device, faultContext(fixture, new VirtualScheduler()))).toBe(true);
    await world.advanceTo(slotInstant(MORNING_SLOT) + 15 * MINUTE);
    await world.expectAlarm('dispense_failed', { deviceId: device.deviceId });
  },

  async low_battery(fixture) {
    const { world } = fixture;
    const device = await world.addCitizen(citizen('c-battery', 'flexsmart'));
    await world.subscribe();
    expect(applyFault('low_battery', device, faultContext(fixture, new VirtualScheduler()))).toBe(true);
    await world.expectAlarm('battery_low', { deviceId: device.deviceId });
  },

  async power_loss(fixture) {
    const { world } = fixture;
    const device = await world.addCitizen(citizen('c-power', 'medimi'));
    await world.subscribe();
    expect(applyFault('power_loss', device, faultContext(fixture, new VirtualScheduler()))).toBe(true);
    await world.expectAlarm('power_lost', { deviceId: device.deviceId });
    await expectNothingLost(fixture, device);
  },

  async tamper(fixture) {
    const { world } = fixture;
    const device = await world.addCitizen(citizen('c-tamper', 'smila'));
    await world.subscribe();
    expect(applyFault('tamper', device, faultContext(fixture, new VirtualScheduler()))).toBe(true);
    await world.expectAlarm('tamper', { deviceId: device.deviceId });
  },

  async wrong_roll(fixture) {
    const { world } = fixture;
    const device = await world.addCitizen(citizen('c-roll', 'medido'));
    await world.subscribe();
    const context = faultContext(fixture, new VirtualScheduler(), { otherCitizenId: () => 'c-someone-else' });
    expect(applyFault('wrong_roll', device, context)).toBe(true);
    await world.expectAlarm('wrong_citizen', { citizenId: 'c-roll' });
  },

  async schedule_change_after_packing(fixture) {
    const { world } = fixture;
    await world.addCitizen(citizen('c-change', 'medido'));
    await world.subscribe();
    let changed = false;
    const context = faultContext(fixture, new VirtualScheduler(), {
      changeSchedule: async (device) => {
        await world.server.registry({
          kind: 'schedule_upsert',
          schedule: {
            citizenId: device.model.citizenId,
            validFrom: DAY,
            source: 'fmk',
            slots: [{ ...MORNING_DOSE, contents: [{ drug: 'Metformin 500 mg', amount: 2 }] }],
          },
        });
        changed = true;
      },
    });
    expect(applyFault('schedule_change_after_packing', world.devices[0]!, context)).toBe(true);
    await world.until(() => changed, 'the schedule change');
    await world.advanceTo(world.server.now() + MINUTE);
    await world.expectAlarm('schedule_changed_after_packing', { citizenId: 'c-change' });
  },
};

describe('every fault against a real Medtek server', () => {
  let fixture: Fixture | undefined;

  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  for (const name of FAULT_NAMES) {
    it(`${name}: what a user would notice`, { timeout: 30_000 }, async () => {
      fixture = await startFaultWorld();
      await FAULT_TESTS[name](fixture);
      expect(fixture.world.live?.errors ?? []).toEqual([]);
    });
  }
});
