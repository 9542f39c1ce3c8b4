import { FORGETFUL_CITIZEN, RELIABLE_CITIZEN, type CitizenProfile } from '../devices/citizen.js';
import { parseWeights } from './mix.js';

/** Named citizen behaviour profiles a fleet draws from (each citizen gets one; its habits are probabilities). */
export const CITIZEN_PROFILES = {
  /** Always on time: a quiet baseline. */
  punctual: { late: 0, forgets: 0, triesEarly: 0, triesTwice: 0, leavesPouch: 0, requestsVideo: 0 },
  reliable: RELIABLE_CITIZEN,
  forgetful: FORGETFUL_CITIZEN,
  /** Early tries, second tries, left pouches and video calls: exercises every verification rule. */
  chaotic: { late: 0.2, forgets: 0.1, triesEarly: 0.2, triesTwice: 0.2, leavesPouch: 0.1, requestsVideo: 0.1 },
  /** Never reacts (in hospital without the device being paused): every dose is missed. */
  absent: { late: 0, forgets: 1, triesEarly: 0, triesTwice: 0, leavesPouch: 0, requestsVideo: 0 },
} as const satisfies Record<string, CitizenProfile>;

export type CitizenProfileName = keyof typeof CITIZEN_PROFILES;
export const CITIZEN_PROFILE_NAMES = Object.keys(CITIZEN_PROFILES) as CitizenProfileName[];

/** Share of citizens per profile (weights). */
export type ProfileMix = Partial<Record<CitizenProfileName, number>>;

export const DEFAULT_PROFILE_MIX: ProfileMix = { reliable: 0.6, forgetful: 0.25, chaotic: 0.1, absent: 0.05 };

export function parseProfileMix(text: string): ProfileMix {
  return parseWeights(text, CITIZEN_PROFILE_NAMES, 'citizen profile');
}
