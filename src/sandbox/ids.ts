import { randomBytes } from 'node:crypto';

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** mulberry32: a small seeded generator, so that seeds produce the same ids on every run. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const cryptoRandom: Random = () => randomBytes(4).readUInt32BE(0) / 4294967296;

export function randomHex(random: Random, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(random() * 16).toString(16);
  return out;
}

/**
 * JumpCloud object ids are 24-hex MongoDB ObjectIds (docs/vendors/jumpcloud.md §5 `_id`; ids in the spec
 * samples): 4 bytes of seconds, 5 random bytes fixed per generator, a 3-byte counter. Ids therefore
 * sort in creation order, which is the sandbox's default list order.
 */
export class ObjectIdFactory {
  private readonly machine: string;
  private counter: number;

  constructor(random: Random) {
    this.machine = randomHex(random, 10);
    this.counter = Math.floor(random() * 0xffff);
  }

  next(epochSeconds: number): string {
    this.counter = (this.counter + 1) % 0x1000000;
    const time = (Math.floor(epochSeconds) >>> 0).toString(16).padStart(8, '0');
    return time + this.machine + this.counter.toString(16).padStart(6, '0');
  }
}

export const OBJECT_ID = /^[0-9a-f]{24}$/;
