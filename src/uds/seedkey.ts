/**
 * Pluggable SecurityAccess seed/key algorithms, named in ECU fixtures and rig configs. Real ECUs use
 * OEM-secret algorithms; these are the stand-ins a test bench can share with a simulated or lab ECU.
 * `constant` is a big-endian value, repeated over the seed when the seed is longer.
 */
import { ConfigError } from '../core/errors';

export type SeedKeyAlgorithm = (seed: Uint8Array, constant: number) => Uint8Array;

function constantBytes(constant: number, n: number): number[] {
  const c = [(constant >>> 24) & 0xff, (constant >>> 16) & 0xff, (constant >>> 8) & 0xff, constant & 0xff];
  return Array.from({ length: n }, (_, i) => c[(4 - (n % 4) + i) % 4]);
}

export const SEED_KEY_ALGORITHMS: Record<string, { describe: string; fn: SeedKeyAlgorithm }> = {
  xor: {
    describe: 'key = seed XOR constant (constant repeated, aligned to the seed end)',
    fn: (seed, constant) => {
      const c = constantBytes(constant, seed.length);
      return seed.map((b, i) => b ^ c[i]);
    },
  },
  add: {
    describe: 'key = (seed + constant) mod 2^(8·n), big-endian',
    fn: (seed, constant) => {
      const out = new Uint8Array(seed.length);
      const c = constantBytes(constant, seed.length);
      let carry = 0;
      for (let i = seed.length - 1; i >= 0; i--) {
        const s = seed[i] + c[i] + carry;
        out[i] = s & 0xff;
        carry = s >> 8;
      }
      return out;
    },
  },
  'not-xor': {
    describe: 'key = NOT(seed) XOR constant',
    fn: (seed, constant) => {
      const c = constantBytes(constant, seed.length);
      return seed.map((b, i) => (~b & 0xff) ^ c[i]);
    },
  },
  identity: { describe: 'key = seed (test benches only)', fn: (seed) => Uint8Array.from(seed) },
};

export function computeKey(algorithm: string, seed: Uint8Array, constant: number, where = 'seed/key'): Uint8Array {
  const alg = SEED_KEY_ALGORITHMS[algorithm];
  if (!alg) throw new ConfigError(where, 'algorithm', `unknown seed/key algorithm '${algorithm}' (known: ${Object.keys(SEED_KEY_ALGORITHMS).join(', ')})`);
  return alg.fn(seed, constant);
}
