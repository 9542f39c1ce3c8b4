import { DeviceType } from '@medtek/core';
import type { Random } from '../random.js';

/** Share of each device type in a fleet (weights; they are normalised, so `1,1,1,1` is an even mix). */
export type DeviceMix = Partial<Record<DeviceType, number>>;

/** Roughly the staircase in a municipality: most citizens low on it, the locked robot the rarest. */
export const DEFAULT_MIX: DeviceMix = { flexsmart: 0.3, medido: 0.35, smila: 0.2, medimi: 0.15 };

/** Parses `name=weight,name=weight` weights (CLI `--mix`, `--profiles`). Unknown names throw with the valid ones. */
export function parseWeights<N extends string>(
  text: string,
  known: readonly N[],
  what: string,
): Partial<Record<N, number>> {
  const weights: Partial<Record<N, number>> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const [name, value] = part.split('=');
    if (!name || !(known as readonly string[]).includes(name)) {
      throw new Error(`unknown ${what} "${name}"; known: ${known.join(', ')}`);
    }
    const weight = Number(value);
    if (!Number.isFinite(weight) || weight < 0) throw new Error(`${what} ${name}: weight must be a number ≥ 0`);
    weights[name as N] = weight;
  }
  return weights;
}

export function parseMix(text: string): DeviceMix {
  return parseWeights(text, DeviceType.options, 'device type');
}

/**
 * Splits `count` items over weighted names exactly (largest remainder), so 20 devices at 30/35/20/15 % are 6/7/4/3
 * and every type with a weight gets at least its fair share; then shuffles the list with the seed.
 */
export function apportion<N extends string>(count: number, weights: Partial<Record<N, number>>, random: Random): N[] {
  const entries = (Object.entries(weights) as [N, number][]).filter(([, weight]) => weight > 0);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  if (entries.length === 0 || total <= 0) throw new Error('at least one weight must be above 0');
  const shares = entries.map(([name, weight]) => {
    const exact = (count * weight) / total;
    return { name, whole: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  let left = count - shares.reduce((sum, share) => sum + share.whole, 0);
  for (const share of [...shares].sort((a, b) => b.rest - a.rest)) {
    if (left <= 0) break;
    share.whole++;
    left--;
  }
  const out: N[] = shares.flatMap((share) => Array.from({ length: share.whole }, () => share.name));
  // Fisher–Yates with the seeded stream: the same seed gives the same fleet.
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j] as N, out[i] as N];
  }
  return out;
}
