import { slotInstant, type DeviceEvent, type DoseSlot } from '@medtek/core';
import type { DeviceModel, DeviceSink } from '../../src/devices/device-model.js';
import { expandSchedule } from '../../src/devices/schedule-occurrences.js';

/** Records what a model emits, with a device clock the test sets by hand. */
export class RecordingSink implements DeviceSink {
  readonly events: DeviceEvent[] = [];
  statusReports = 0;
  now = 0;
  record(e: DeviceEvent): void {
    this.events.push(e);
  }
  sendStatus(): void {
    this.statusReports++;
  }
  deviceTime(): number {
    return this.now;
  }
  kinds(): string[] {
    return this.events.map((e) => e.kind);
  }
}

export const MINUTE = 60_000;
export const MORNING: DoseSlot = {
  time: '08:00',
  earlyMinutes: 30,
  lateMinutes: 90,
  timeCritical: false,
  contents: [
    { drug: 'Metformin 500 mg', amount: 1 },
    { drug: 'Furix 40 mg', amount: 2 },
  ],
};

/** Attaches a sink at 00:00 on the day, loads one day (or `days`) of the morning slot, returns a clock driver. */
export function drive(model: DeviceModel, date = '2026-11-25', days = 1) {
  const sink = new RecordingSink();
  sink.now = slotInstant(`${date}T00:00`);
  model.attach(sink);
  const occurrences = expandSchedule([MORNING], date, days);
  model.setSchedule(occurrences);
  const at = (slot: string, offsetMs = 0): void => {
    const target = slotInstant(slot) + offsetMs;
    // Step a minute at a time so the model sees every agenda item at its own time.
    while (sink.now < target) {
      sink.now = Math.min(target, sink.now + MINUTE);
      model.tick();
    }
  };
  return { sink, occurrences, at };
}
