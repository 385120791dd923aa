//! What the tests must remember about the e2e user between tests, spec files and worker
//! restarts: the TOTP secret from enrolment, the recovery codes not used yet, and the last
//! time step a code was used in (the server refuses a step twice).
//!
//! The file is `TILLIT_E2E_STATE`, by default `test-results/e2e-state.json`. Playwright empties
//! `test-results/` at the start of every run, which suits CI (a fresh server and user each
//! time). To run again against a server whose user is already enrolled, point
//! TILLIT_E2E_STATE at a file outside `test-results/`.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface E2eState {
  readonly email: string;
  /** Base32, as `beginTotpEnrollment` returned it. */
  readonly secret: string;
  /** Unused recovery codes, in the order they were issued. */
  readonly recoveryCodes: readonly string[];
  /** The last TOTP time step (Unix ms / 30 000) a code was sent for. */
  readonly lastTotpStep: number;
}

const DEFAULT_PATH = fileURLToPath(new URL('../test-results/e2e-state.json', import.meta.url));

export function statePath(): string {
  const fromEnv = process.env.TILLIT_E2E_STATE;
  return fromEnv ? resolve(fromEnv) : DEFAULT_PATH;
}

function isState(value: unknown): value is E2eState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.email === 'string' &&
    typeof v.secret === 'string' &&
    Array.isArray(v.recoveryCodes) &&
    v.recoveryCodes.every((c) => typeof c === 'string') &&
    typeof v.lastTotpStep === 'number'
  );
}

/** The saved state of `email`, or null (no file, unreadable, or another user's). */
export function readState(email: string): E2eState | null {
  let text: string;
  try {
    text = readFileSync(statePath(), 'utf8');
  } catch {
    return null;
  }
  try {
    const value: unknown = JSON.parse(text);
    return isState(value) && value.email.toLowerCase() === email.toLowerCase() ? value : null;
  } catch {
    return null;
  }
}

/** Saves atomically (a crash never leaves half a file), creating the directory. */
export function writeState(state: E2eState): void {
  const path = statePath();
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${String(process.pid)}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}
