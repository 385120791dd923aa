//! A small zxcvbn-style password strength estimate, without zxcvbn's 800 kB of dictionaries.
//!
//! The password is covered, left to right, by the cheapest mix of brute-forced characters and
//! guessable patterns (common words, the user's own name and e-mail, sequences such as `abc`,
//! `123` or `qwerty`, repeats, years). The cost of that cover, in bits of guessing, gives the
//! score 0–4. It is advice only: the server decides what it accepts (length, the list of the
//! 10,000 most common passwords, no name or e-mail).

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

/** What the user could change, most important first; `null` when there is nothing to say. */
export type StrengthHint = 'tooShort' | 'personal' | 'common' | 'sequence' | 'repeat' | 'year' | 'longer';

export interface StrengthEstimate {
  readonly score: StrengthScore;
  /** log2 of the estimated number of guesses. */
  readonly bits: number;
  readonly hint: StrengthHint | null;
}

/** The same minimum as the server's policy; shorter passwords score at most 1. */
export const MIN_LENGTH = 12;

/** Upper bounds (exclusive) in bits of scores 0, 1, 2 and 3; anything above is 4. */
export const SCORE_BITS: readonly [number, number, number, number] = [30, 45, 60, 75];

/**
 * Words and passwords tried first by anyone guessing, roughly most common first (a word's
 * position sets its cost). Swedish and English; compared without case and diacritics and
 * after undoing leet substitutions (`p@ssw0rd`).
 */
export const COMMON_WORDS: readonly string[] = [
  '123456', 'password', '12345678', 'qwerty', '123456789', '12345', '1234', '111111', '1234567',
  'dragon', '123123', 'baseball', 'abc123', 'football', 'monkey', 'letmein', 'shadow', 'master',
  '666666', 'qwertyuiop', '123321', 'mustang', '1234567890', 'michael', '654321', 'superman',
  '1qaz2wsx', '7777777', '121212', '000000', 'qazwsx', '123qwe', 'killer', 'trustno1', 'jordan',
  'jennifer', 'zxcvbnm', 'asdfgh', 'hunter', 'buster', 'soccer', 'harley', 'batman', 'andrew',
  'tigger', 'sunshine', 'iloveyou', 'charlie', 'robert', 'thomas', 'hockey', 'ranger', 'daniel',
  'starwars', 'george', 'computer', 'michelle', 'jessica', 'pepper', 'zxcvbn', 'asdf',
  'welcome', 'admin', 'administrator', 'login', 'passw0rd', 'secret', 'summer', 'winter', 'spring',
  'autumn', 'princess', 'qwerty123', 'changeme', 'default', 'guest', 'test', 'user', 'root',
  // Swedish
  'losenord', 'sommar', 'vinter', 'varen', 'hosten', 'host', 'var', 'hemlig', 'hemligt', 'hejsan',
  'hejhej', 'valkommen', 'sverige', 'svenska', 'stockholm', 'goteborg', 'malmo', 'uppsala',
  'fotboll', 'hockey', 'kalle', 'anka', 'kalleanka', 'mamma', 'pappa', 'alskling', 'karlek',
  'katten', 'hunden', 'blomma', 'solen', 'midsommar', 'jul', 'julafton', 'semester', 'kaffe',
  'fika', 'bil', 'volvo', 'saab', 'ikea', 'abba', 'hammarby', 'djurgarden', 'aik', 'ifk',
  'januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober',
  'november', 'december', 'mandag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lordag', 'sondag',
  'january', 'february', 'march', 'june', 'july', 'august', 'october', 'monday', 'tuesday',
  'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  // This product and its users' trade
  'tillit', 'kund', 'kunder', 'kundregister', 'customer', 'register', 'foretag', 'company',
  'kontor', 'office', 'gdpr', 'personuppgifter',
];

const KEYBOARD_ROWS: readonly string[] = ['1234567890', 'qwertyuiopa', 'asdfghjkloa', 'zxcvbnm'];

const LEET: Readonly<Record<string, string>> = {
  '4': 'a', '@': 'a', '8': 'b', '(': 'c', '3': 'e', '6': 'g', '1': 'i', '!': 'i', '|': 'i',
  '0': 'o', '$': 's', '5': 's', '7': 't', '+': 't', '2': 'z',
};

type Kind = 'personal' | 'common' | 'sequence' | 'repeat' | 'year';

interface Match {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  readonly bits: number;
  readonly kind: Kind;
}

const COMMON_RANK: ReadonlyMap<string, number> = (() => {
  const ranks = new Map<string, number>();
  COMMON_WORDS.forEach((word, rank) => {
    const key = fold(word);
    if (!ranks.has(key)) ranks.set(key, rank);
  });
  return ranks;
})();

/** One code point, lower-cased and without diacritics (`Å` → `a`), still one code point. */
function foldChar(ch: string): string {
  const lower = Array.from(ch.toLowerCase())[0] ?? ch;
  const bare = lower.normalize('NFD').replace(/\p{M}+/gu, '');
  return Array.from(bare)[0] ?? lower;
}

function fold(text: string): string {
  return Array.from(text).map(foldChar).join('');
}

/**
 * The parts of the user's e-mail and name worth looking for in their password: the whole value,
 * the local part and domain of an e-mail, and every word of at least 3 characters.
 */
export function userInputWords(inputs: readonly (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const raw of inputs) {
    const value = fold(raw?.trim() ?? '');
    if (!value) continue;
    const candidates = [value, value.replace(/\s+/g, '')];
    const at = value.lastIndexOf('@');
    if (at > 0) candidates.push(value.slice(0, at), value.slice(at + 1));
    candidates.push(...value.split(/[^\p{L}\p{N}]+/u));
    for (const c of candidates) if (Array.from(c).length >= 3) out.add(c);
  }
  return [...out];
}

function cardinality(chars: readonly string[]): number {
  let lower = false;
  let upper = false;
  let digit = false;
  let symbol = false;
  let other = false;
  for (const ch of chars) {
    if (/[a-z]/.test(ch)) lower = true;
    else if (/[A-Z]/.test(ch)) upper = true;
    else if (/[0-9]/.test(ch)) digit = true;
    else if (/[\x20-\x7e]/.test(ch)) symbol = true;
    else if (/\p{Ll}/u.test(ch)) lower = true;
    else if (/\p{Lu}/u.test(ch)) upper = true;
    else other = true;
  }
  return (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 33 : 0) + (other ? 100 : 0) || 26;
}

/** Extra bits for capitals in a word: `Sommar` or `SOMMAR` cost 1, mixed case more. */
function caseBits(raw: readonly string[]): number {
  const upper = raw.filter((ch) => ch !== ch.toLowerCase()).length;
  if (upper === 0) return 0;
  const lower = raw.filter((ch) => ch !== ch.toUpperCase()).length;
  const firstOnly = upper === 1 && raw[0] !== undefined && raw[0] !== raw[0].toLowerCase();
  if (firstOnly || lower === 0) return 1;
  return Math.min(upper, lower) + 1;
}

function dictionaryMatches(raw: readonly string[], plain: readonly string[], unleet: readonly string[], personal: ReadonlySet<string>): Match[] {
  const out: Match[] = [];
  const n = plain.length;
  const personalMax = Math.max(0, ...[...personal].map((w) => Array.from(w).length));
  const maxLen = Math.max(personalMax, ...COMMON_WORDS.map((w) => w.length));
  for (let i = 0; i < n; i++) {
    for (let j = i + 3; j <= Math.min(n, i + maxLen); j++) {
      const extra = caseBits(raw.slice(i, j));
      const variants: [string, number][] = [
        [plain.slice(i, j).join(''), 0],
        [unleet.slice(i, j).join(''), 1],
        [plain.slice(i, j).reverse().join(''), 1],
      ];
      for (const [word, variantBits] of variants) {
        if (personal.has(word)) {
          out.push({ start: i, end: j, bits: 1 + extra + variantBits, kind: 'personal' });
        }
        const rank = COMMON_RANK.get(word);
        if (rank !== undefined) {
          out.push({ start: i, end: j, bits: Math.log2(rank + 2) + extra + variantBits, kind: 'common' });
        }
      }
    }
  }
  return out;
}

/** `abc`, `cba`, `1234`, `9876` (steps of ±1 through code points), at least 3 long. */
function sequenceMatches(plain: readonly string[]): Match[] {
  const out: Match[] = [];
  const cp = plain.map((ch) => ch.codePointAt(0) ?? 0);
  let i = 0;
  while (i < cp.length - 2) {
    const delta = (cp[i + 1] ?? 0) - (cp[i] ?? 0);
    if (Math.abs(delta) !== 1) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j + 1 < cp.length && (cp[j + 1] ?? 0) - (cp[j] ?? 0) === delta) j++;
    const length = j - i + 1;
    if (length >= 3) {
      const first = plain[i] ?? '';
      const base = /[019az]/.test(first) ? 4 : /[0-9]/.test(first) ? 10 : 26;
      out.push({ start: i, end: j + 1, bits: Math.log2(base * length) + (delta < 0 ? 1 : 0), kind: 'sequence' });
    }
    i = j;
  }
  return out;
}

/** Runs along a keyboard row (`qwerty`, `asdf`, `poiu`), at least 4 long. */
function keyboardMatches(plain: readonly string[]): Match[] {
  const out: Match[] = [];
  const rows = [...KEYBOARD_ROWS, ...KEYBOARD_ROWS.map((r) => Array.from(r).reverse().join(''))];
  for (let i = 0; i < plain.length; i++) {
    let best = 0;
    for (let j = i + 4; j <= plain.length; j++) {
      const run = plain.slice(i, j).join('');
      if (rows.some((row) => row.includes(run))) best = j;
      else break;
    }
    if (best > 0) out.push({ start: i, end: best, bits: Math.log2(4 * 10 * (best - i)), kind: 'sequence' });
  }
  return out;
}

/** `aaaa` and repeated blocks such as `abcabc` or `sommarsommar`. */
function repeatMatches(plain: readonly string[], bitsPerChar: number): Match[] {
  const out: Match[] = [];
  const n = plain.length;
  for (let i = 0; i < n; i++) {
    for (let size = 1; size * 2 <= n - i; size++) {
      let count = 1;
      while (i + (count + 1) * size <= n && sameBlock(plain, i, i + count * size, size)) count++;
      if (count < 2 || (size === 1 && count < 3)) continue;
      out.push({ start: i, end: i + count * size, bits: size * bitsPerChar + Math.log2(count), kind: 'repeat' });
    }
  }
  return out;
}

function sameBlock(chars: readonly string[], a: number, b: number, size: number): boolean {
  for (let k = 0; k < size; k++) if (chars[a + k] !== chars[b + k]) return false;
  return true;
}

/** Years 1900–2099. */
function yearMatches(plain: readonly string[]): Match[] {
  const out: Match[] = [];
  for (let i = 0; i + 4 <= plain.length; i++) {
    const four = plain.slice(i, i + 4).join('');
    if (/^(19|20)\d\d$/.test(four)) out.push({ start: i, end: i + 4, bits: Math.log2(200), kind: 'year' });
  }
  return out;
}

function scoreFor(bits: number, length: number): StrengthScore {
  const index = SCORE_BITS.findIndex((limit) => bits < limit);
  const score = (index === -1 ? 4 : index) as StrengthScore;
  return length < MIN_LENGTH ? (Math.min(score, 1) as StrengthScore) : score;
}

const HINT_ORDER: readonly Kind[] = ['common', 'sequence', 'repeat', 'year'];

/**
 * Estimates how hard `password` is to guess. `userInputs` are the user's own e-mail, name and
 * the like (whole values; they are split into words here).
 */
export function estimatePasswordStrength(
  password: string,
  userInputs: readonly (string | null | undefined)[] = [],
): StrengthEstimate {
  const raw = Array.from(password);
  const n = raw.length;
  if (n === 0) return { score: 0, bits: 0, hint: null };

  const plain = raw.map(foldChar);
  const unleet = plain.map((ch) => LEET[ch] ?? ch);
  const personal = new Set(userInputWords(userInputs));
  const bitsPerChar = Math.log2(cardinality(raw));

  const matches = [
    ...dictionaryMatches(raw, plain, unleet, personal),
    ...sequenceMatches(plain),
    ...keyboardMatches(plain),
    ...repeatMatches(plain, bitsPerChar),
    ...yearMatches(plain),
  ];
  const endingAt = new Map<number, Match[]>();
  for (const m of matches) endingAt.set(m.end, [...(endingAt.get(m.end) ?? []), m]);

  // best[i]: the cheapest cover of the first i characters; each pattern also costs a bit for
  // the guesser having to try it in that place.
  const best: number[] = [0];
  const via: (Match | null)[] = [null];
  for (let i = 1; i <= n; i++) {
    let cost = (best[i - 1] ?? 0) + bitsPerChar;
    let used: Match | null = null;
    for (const m of endingAt.get(i) ?? []) {
      const c = (best[m.start] ?? 0) + m.bits + 1;
      if (c < cost) {
        cost = c;
        used = m;
      }
    }
    best.push(cost);
    via.push(used);
  }
  const bits = best[n] ?? 0;

  const usedKinds = new Set<Kind>();
  for (let i = n; i > 0; ) {
    const m = via[i];
    if (m) {
      usedKinds.add(m.kind);
      i = m.start;
    } else {
      i--;
    }
  }

  const score = scoreFor(bits, n);
  // The server refuses a password containing the user's name or e-mail, however strong.
  const folded = plain.join('');
  const containsPersonal =
    usedKinds.has('personal') || [...personal].some((w) => Array.from(w).length >= 4 && folded.includes(w));
  let hint: StrengthHint | null = null;
  if (containsPersonal) hint = 'personal';
  else if (n < MIN_LENGTH) hint = 'tooShort';
  else if (score < 3) hint = HINT_ORDER.find((k) => usedKinds.has(k)) ?? 'longer';
  return { score, bits, hint };
}
