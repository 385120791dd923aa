//! What a customer page shows until its customer has loaded: a spinner, or why it failed
//! (unknown or not visible → back to search; anything else → retry).
import { Link } from 'react-router';
import type { CombinedError } from 'urql';
import { Banner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { useT } from '../../i18n';
import { generalMessage, hasErrorCode, primaryErrorCode } from '../../lib/errors';

interface Props {
  error: CombinedError | undefined;
  fetching: boolean;
  onRetry: () => void;
  notFoundMessage: string;
  /** The page's layout class while loading (e.g. `page--form`). */
  pageClass?: string;
}

export function CustomerNotLoaded({ error, fetching, onRetry, notFoundMessage, pageClass }: Props) {
  const t = useT();
  if (fetching || !error) {
    return (
      <main className={pageClass ? `page ${pageClass}` : 'page'} id="main">
        <Loading />
      </main>
    );
  }
  const notFound = hasErrorCode(error, 'NOT_FOUND') || hasErrorCode(error, 'FORBIDDEN');
  return (
    <main className="page page--narrow" id="main">
      <Banner
        action={
          notFound ? (
            <Link className="button" to="/customers">
              {t('customer.backToSearch')}
            </Link>
          ) : (
            <button type="button" className="button" onClick={onRetry}>
              {t('common.retry')}
            </button>
          )
        }
      >
        {notFound ? notFoundMessage : generalMessage(primaryErrorCode(error) ?? 'INTERNAL', t)}
      </Banner>
    </main>
  );
}
