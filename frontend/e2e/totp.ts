//! RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits) with Node's crypto, as authenticator
//! apps compute it, so the tests can sign in like a person with a phone.
import { createHmac } from 'node:crypto';

export const TOTP_PERIOD_MS = 30_000;
export const TOTP_DIGITS = 6;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (case, spaces, dashes and `=` padding ignored). */
export function base32Decode(input: string): Buffer {
  const clean = input.toUpperCase().replace(/[\s=-]+/g, '');
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    const value = BASE32.indexOf(ch);
    if (value === -1) throw new Error(`not base32: ${JSON.stringify(ch)}`);
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** The 30-second time step `ms` (Unix milliseconds) falls in. */
export function timeStep(ms: number = Date.now()): number {
  return Math.floor(ms / TOTP_PERIOD_MS);
}

/** Milliseconds from `now` until `step` begins (0 if it already has). */
export function msUntilStep(step: number, now: number = Date.now()): number {
  return Math.max(0, step * TOTP_PERIOD_MS - now);
}

/** RFC 4226 HOTP of `counter`: dynamic truncation of HMAC-SHA1, `digits` long. */
export function hotp(key: Buffer, counter: number, digits: number = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The code for time step `step` of a base32 `secret`. */
export function totpForStep(secret: string, step: number, digits: number = TOTP_DIGITS): string {
  return hotp(base32Decode(secret), step, digits);
}

/** The code an app shows at `ms` (Unix milliseconds). */
export function totp(secret: string, ms: number = Date.now()): string {
  return totpForStep(secret, timeStep(ms));
}
