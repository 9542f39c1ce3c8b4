import { describe, expect, it } from 'vitest';
import { planFleet } from '../../src/fleet/fleet-plan.js';
import { FleetPlan } from '../../src/fleet/fleet-seed.js';
import { apportion, parseMix } from '../../src/fleet/mix.js';
import { createRandom } from '../../src/random.js';

describe('fleet plan', () => {
  it('splits devices over the mix exactly (largest remainder) and the same seed gives the same fleet', () => {
    const mix = parseMix('flexsmart=0.3,medido=0.35,smila=0.2,medimi=0.15');
    const types = apportion(20, mix, createRandom(1));
    const count = (type: string) => types.filter((t) => t === type).length;
    expect([count('flexsmart'), count('medido'), count('smila'), count('medimi')]).toEqual([6, 7, 4, 3]);
    const options = { devices: 20, teams: 3, mix, seed: 5, validFrom: '2026-11-25' };
    expect(planFleet(options)).toEqual(planFleet(options));
    expect(planFleet(options)).not.toEqual(planFleet({ ...options, seed: 6 }));
  });

  it('pairs every citizen with one device of its team, with a valid schedule and a profile', () => {
    const plan = FleetPlan.parse(planFleet({ devices: 13, teams: 4, seed: 2, validFrom: '2026-11-25' }));
    expect(plan.teams).toHaveLength(4);
    for (const device of plan.devices) {
      const citizen = plan.citizens.find((c) => c.id === device.citizenId);
      expect(citizen?.teamId).toBe(device.teamId);
      const schedule = plan.schedules.find((s) => s.citizenId === device.citizenId);
      expect(schedule?.slots.map((slot) => slot.time)).toContain('08:00');
      expect(plan.behaviour[device.citizenId]).toBeDefined();
    }
  });

  it('refuses unknown device types and profiles by name', () => {
    expect(() => parseMix('medido=1,robot=2')).toThrow(/unknown device type "robot"/);
  });
});
