import { describe, expect, it } from 'vitest';
import { passwordLength, passwordProblems, setupTokenFromHash } from './setupForm';

describe('setupTokenFromHash', () => {
  it('reads the token from the fragment', () => {
    expect(setupTokenFromHash('#token=abc123')).toBe('abc123');
    expect(setupTokenFromHash('token=abc123&x=1')).toBe('abc123');
    expect(setupTokenFromHash('#x=1&token=a%2Bb')).toBe('a+b');
  });

  it('is null without a token', () => {
    expect(setupTokenFromHash('')).toBeNull();
    expect(setupTokenFromHash('#')).toBeNull();
    expect(setupTokenFromHash('#token=')).toBeNull();
  });
});

describe('password rules', () => {
  it('asks for 12 to 128 characters, counted as characters', () => {
    expect(passwordProblems('kort', 'kort')).toEqual({ password: 'tooShort' });
    expect(passwordProblems('a'.repeat(12), 'a'.repeat(12))).toEqual({});
    expect(passwordProblems('a'.repeat(129), 'a'.repeat(129))).toEqual({ password: 'tooLong' });
    expect(passwordLength('åäö🙂')).toBe(4);
  });

  it('asks for a matching confirmation', () => {
    expect(passwordProblems('correct horse battery', 'correct horse')).toEqual({ confirm: 'mismatch' });
  });
});
