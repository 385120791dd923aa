//! What a page shows to a viewer without the right it needs (the server would say FORBIDDEN).
import { Link } from 'react-router';
import { DEFAULT_PATH } from '../app/loginRedirect';
import { useT } from '../i18n';

export function NoAccess({ body }: { readonly body: string }) {
  const t = useT();
  return (
    <main className="page page--narrow" id="main">
      <div className="card empty" data-testid="no-access">
        <h1>{t('noAccess.title')}</h1>
        <p className="muted">{body}</p>
        <Link className="button button--primary" to={DEFAULT_PATH}>
          {t('notFound.back')}
        </Link>
      </div>
    </main>
  );
}
