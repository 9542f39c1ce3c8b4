import type { Random } from '../random.js';

const MINUTE = 60_000;

/**
 * How a citizen tends to handle a dose: the probability of each habit (they need not sum to 1; the rest is "on time").
 * Per citizen, so a fleet mixes reliable and forgetful citizens.
 */
export interface CitizenProfile {
  /** Takes the dose late (20–70 minutes after it is due). */
  late: number;
  /** Does not react at all. */
  forgets: number;
  /** Tries 30–90 minutes before the window, then again on time. */
  triesEarly: number;
  /** Takes it on time, then tries again 15–40 minutes later (a double-dose attempt). */
  triesTwice: number;
  /** Leaves a released pouch in the tray (dispensers). */
  leavesPouch: number;
  /** Asks for a video call at dose time (Smila observed intake). */
  requestsVideo: number;
}

export const RELIABLE_CITIZEN: CitizenProfile = {
  late: 0.05,
  forgets: 0.01,
  triesEarly: 0.01,
  triesTwice: 0.005,
  leavesPouch: 0.005,
  requestsVideo: 0,
};

export const FORGETFUL_CITIZEN: CitizenProfile = {
  late: 0.25,
  forgets: 0.15,
  triesEarly: 0.05,
  triesTwice: 0.05,
  leavesPouch: 0.05,
  requestsVideo: 0,
};

export type Habit = 'on_time' | 'late' | 'forgets' | 'tries_early' | 'tries_twice';

/** What the citizen will do about one dose; `pressAt` offsets are ms relative to the slot's due instant. */
export interface DosePlan {
  habit: Habit;
  pressAt: number[];
  leavesPouch: boolean;
  requestsVideo: boolean;
}

/** Samples the citizen's plan for one dose. `forced` pins the habit (scenarios). */
export function planDose(profile: CitizenProfile, random: Random, forced?: Habit): DosePlan {
  const leavesPouch = random.chance(profile.leavesPouch);
  const requestsVideo = random.chance(profile.requestsVideo);
  const onTime = (): number => random.between(0, 10 * MINUTE);
  let habit: Habit = forced ?? 'on_time';
  if (!forced) {
    const roll = random.next();
    let edge = 0;
    for (const [name, p] of [
      ['forgets', profile.forgets],
      ['late', profile.late],
      ['tries_early', profile.triesEarly],
      ['tries_twice', profile.triesTwice],
    ] as const) {
      edge += p;
      if (roll < edge) {
        habit = name;
        break;
      }
    }
  }
  switch (habit) {
    case 'on_time':
      return { habit, pressAt: [onTime()], leavesPouch, requestsVideo };
    case 'late':
      return { habit, pressAt: [random.between(20 * MINUTE, 70 * MINUTE)], leavesPouch, requestsVideo };
    case 'forgets':
      return { habit, pressAt: [], leavesPouch, requestsVideo };
    case 'tries_early':
      return { habit, pressAt: [-random.between(30 * MINUTE, 90 * MINUTE), onTime()], leavesPouch, requestsVideo };
    case 'tries_twice': {
      const first = onTime();
      return { habit, pressAt: [first, first + random.between(15 * MINUTE, 40 * MINUTE)], leavesPouch, requestsVideo };
    }
    default: {
      const unexpected: never = habit;
      return unexpected;
    }
  }
}
