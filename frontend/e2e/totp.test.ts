// Vitest (not Playwright): the generator against the RFC test vectors.
import { describe, expect, it } from 'vitest';
import { base32Decode, msUntilStep, timeStep, totp, totpForStep } from './totp';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('base32Decode', () => {
  it('decodes RFC 4648 base32, forgiving case, spaces and padding', () => {
    expect(base32Decode(SEED).toString('ascii')).toBe('12345678901234567890');
    expect(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq').toString('ascii')).toBe('12345678901234567890');
    expect(base32Decode('MZXW6===').toString('ascii')).toBe('foo');
    expect(base32Decode('MZXW6YTBOI======').toString('ascii')).toBe('foobar');
    expect(() => base32Decode('1')).toThrow();
  });
});

describe('totp', () => {
  it('matches the RFC 6238 SHA-1 vectors (8 digits there, the last 6 here)', () => {
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [seconds, code] of vectors) {
      expect(totpForStep(SEED, timeStep(seconds * 1000), 8)).toBe(code);
      expect(totp(SEED, seconds * 1000)).toBe(code.slice(2));
    }
  });

  it('knows when the next step begins', () => {
    expect(timeStep(29_999)).toBe(0);
    expect(timeStep(30_000)).toBe(1);
    expect(msUntilStep(2, 45_000)).toBe(15_000);
    expect(msUntilStep(1, 45_000)).toBe(0);
  });
});
