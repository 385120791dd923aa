//! The hint under a new-password field: what the rules are, and the length typed so far
//! (marked `ok` once it is within 12–128 characters).
import type { ReactNode } from 'react';
import { PASSWORD_MAX, PASSWORD_MIN } from '../features/auth/setupForm';
import { useT } from '../i18n';

export function PasswordHint({ intro, length }: { intro: ReactNode; length: number }) {
  const t = useT();
  return (
    <>
      {intro}
      {length > 0 ? (
        <>
          {' '}
          <span className={length >= PASSWORD_MIN && length <= PASSWORD_MAX ? 'ok' : undefined}>
            {t('auth.setup.passwordLength', { count: length })}
          </span>
        </>
      ) : null}
    </>
  );
}
