//! A server time as "3 hours ago", with the exact date and time under it (and in `<time>`).
import { useI18n } from '../i18n';
import { formatDateTime } from '../lib/format';
import { formatRelativeTime } from '../lib/relativeTime';

interface Props {
  /** RFC 3339, as the server sends `DateTime`. */
  readonly value: string;
  /** Unix ms, from `useNow()`; one clock per table keeps the rows consistent. */
  readonly now: number;
}

export function Timestamp({ value, now }: Props) {
  const { locale } = useI18n();
  const absolute = formatDateTime(value, locale);
  return (
    <span className="timestamp">
      <time dateTime={value} title={absolute}>
        {formatRelativeTime(value, now, locale)}
      </time>
      <span className="timestamp__absolute small muted">{absolute}</span>
    </span>
  );
}
