import { Link } from 'react-router';
import { useT } from '../i18n';

export function NotFoundPage() {
  const t = useT();
  return (
    <main className="page page--narrow" id="main">
      <div className="card empty">
        <h1>{t('notFound.title')}</h1>
        <p className="muted">{t('notFound.body')}</p>
        <Link className="button button--primary" to="/customers">
          {t('notFound.back')}
        </Link>
      </div>
    </main>
  );
}
