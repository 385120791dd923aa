//! A state as a labelled badge (text, not just colour).
import type { ReactNode } from 'react';

export function Badge({
  tone,
  children,
}: {
  readonly tone: 'neutral' | 'warning' | 'muted' | 'danger';
  readonly children: ReactNode;
}) {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}
