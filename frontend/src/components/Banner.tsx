//! Page- and form-level messages. Errors are announced (`role="alert"`) and say what to do.
import type { ReactNode } from 'react';

interface Props {
  readonly tone?: 'error' | 'info' | 'warning';
  readonly children: ReactNode;
  readonly action?: ReactNode;
  readonly testId?: string;
}

export function Banner({ tone = 'error', children, action, testId }: Props) {
  return (
    <div
      className={`banner banner--${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      <span className="banner__icon" aria-hidden="true">
        {tone === 'error' ? '⚠' : 'ℹ'}
      </span>
      <div className="banner__text">{children}</div>
      {action ? <div className="banner__action">{action}</div> : null}
    </div>
  );
}
