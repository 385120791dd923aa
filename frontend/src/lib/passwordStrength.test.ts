import { describe, expect, it } from 'vitest';
import { COMMON_WORDS, estimatePasswordStrength, userInputWords } from './passwordStrength';

const USER = ['anna.svensson@example.se', 'Anna Svensson'];
const score = (password: string, inputs: readonly string[] = USER) => estimatePasswordStrength(password, inputs).score;
const hint = (password: string, inputs: readonly string[] = USER) => estimatePasswordStrength(password, inputs).hint;

describe('estimatePasswordStrength', () => {
  it('says nothing about an empty password', () => {
    expect(estimatePasswordStrength('')).toEqual({ score: 0, bits: 0, hint: null });
  });

  it('rates common passwords and words very weak, however they are dressed up', () => {
    for (const pw of ['password123456', 'Password123456', 'p@ssw0rd2024!', 'qwertyuiop12', 'tillit123456', 'Lösenord2025!', 'SOMMAR2024sommar', 'vintervinter']) {
      expect(score(pw), pw).toBe(0);
      expect(hint(pw), pw).toBe('common');
    }
  });

  it('finds sequences, keyboard runs, repeats and years', () => {
    expect(estimatePasswordStrength('abcdefghijkl').hint).toBe('sequence');
    expect(estimatePasswordStrength('9876543210zy').hint).toBe('sequence');
    expect(estimatePasswordStrength('asdfghjkl;zx').hint).toBe('sequence');
    expect(estimatePasswordStrength('aaaaaaaaaaaa').hint).toBe('repeat');
    expect(estimatePasswordStrength('xk9fxk9fxk9f').hint).toBe('repeat');
    expect(estimatePasswordStrength('1987xq19882011').hint).toBe('year');
    for (const pw of ['abcdefghijkl', 'aaaaaaaaaaaa', 'xk9fxk9fxk9f', '1234567890123']) {
      expect(score(pw), pw).toBe(0);
    }
  });

  it("warns about the user's own name and e-mail even in a long password", () => {
    expect(hint('anna.svensson1')).toBe('personal');
    expect(hint('Svensson!2024x')).toBe('personal');
    expect(hint('my-SVENSSON-correct-horse-battery')).toBe('personal');
    expect(hint('Ånna-Svensson')).toBe('personal');
    // Without the user inputs the same password is judged on its own.
    expect(hint('Svensson!2024x', [])).not.toBe('personal');
  });

  it('rates random and long passwords higher', () => {
    expect(score('jbqzmwkdtxfl')).toBe(2);
    expect(score('jbqzmwkdtxflpr')).toBe(3);
    expect(score('Kx8$vq2mZt7r')).toBe(4);
    expect(score('correct horse battery staple')).toBe(4);
    expect(score('blå hund dansar i regnet')).toBe(4);
    expect(hint('Kx8$vq2mZt7r')).toBeNull();
  });

  it('never rates a password shorter than 12 characters above weak', () => {
    const short = estimatePasswordStrength('aB3$kL9!');
    expect(short.score).toBe(1);
    expect(short.hint).toBe('tooShort');
    expect(estimatePasswordStrength('a').score).toBe(0);
  });

  it('grows monotonically as random characters are added', () => {
    let previous = -1;
    const random = 'q7Wz!mK2#rT9vX4$';
    for (let i = 1; i <= random.length; i++) {
      const { bits } = estimatePasswordStrength(random.slice(0, i));
      expect(bits).toBeGreaterThan(previous);
      previous = bits;
    }
  });

  it('counts characters, not UTF-16 units, and copes with any input', () => {
    expect(estimatePasswordStrength('🙂🙂🙂').hint).toBe('tooShort');
    expect(() => estimatePasswordStrength('x'.repeat(128) + 'İ\u0000\uD800')).not.toThrow();
  });
});

describe('userInputWords', () => {
  it('splits e-mails and names into the parts worth looking for', () => {
    const words = userInputWords(['Anna-Lena Öberg', 'al.oberg+crm@firma.example.se', null, undefined, '  ']);
    for (const w of ['anna', 'lena', 'oberg', 'anna-lena oberg', 'anna-lenaoberg', 'al.oberg+crm', 'firma', 'example', 'crm']) {
      expect(words).toContain(w);
    }
    expect(words).not.toContain('al');
    expect(words).not.toContain('se');
  });
});

describe('COMMON_WORDS', () => {
  it('holds the words the brief names, folded to plain lowercase', () => {
    for (const w of ['password', 'qwerty', '123456', 'sommar', 'vinter', 'tillit', 'losenord']) {
      expect(COMMON_WORDS).toContain(w);
    }
    for (const w of COMMON_WORDS) expect(w).toMatch(/^[a-z0-9]{3,}$/);
  });
});
