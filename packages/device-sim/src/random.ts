/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) so every simulated run is reproducible from one seed.
 * Never Math.random(): a failing fleet or scenario run must be replayable exactly.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** An independent stream derived from this one and a label (e.g. one per device), stable across runs. */
  fork(label: string): Random;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a: turns a label into a 32-bit seed component. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function createRandom(seed: number): Random {
  const seedStream = splitmix32(seed);
  let a = seedStream();
  let b = seedStream();
  let c = seedStream();
  let d = seedStream();
  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Discard the first outputs: sfc32 mixes poorly in its first rounds.
  for (let i = 0; i < 12; i++) nextUint32();
  const random: Random = {
    next: () => nextUint32() / 0x1_0000_0000,
    int: (min, max) => min + Math.floor(random.next() * (max - min + 1)),
    chance: (p) => random.next() < p,
    between: (min, max) => min + random.next() * (max - min),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(random.next() * items.length)] as T;
    },
    // Derived from the seed and label only, so forks do not depend on how much of the parent was consumed.
    fork: (label) => createRandom((Math.imul(seed >>> 0, 0x9e3779b1) ^ hashLabel(label)) >>> 0),
  };
  return random;
}
