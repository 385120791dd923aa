//! /my/link#token=…: an e-mailed sign-in link. The token is read from the fragment, removed from
//! the address bar, and redeemed at once; then on to /my. A used or expired link says so, with
//! the way to a new one.
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, type CombinedError } from 'urql';
import { useSession } from '../../app/session';
import { Banner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { graphql } from '../../gql';
import { useT } from '../../i18n';
import { linkFailureMessage, MY_LOGIN_PATH, MY_PAGE_PATH } from './myPage';
import { MyPageLayout } from './MyPageLayout';
import { useTokenFromHash } from './useTokenFromHash';

const PortalRedeemLoginLinkMutation = graphql(`
  mutation PortalRedeemLoginLink($token: String!) {
    portalRedeemLoginLink(token: $token)
  }
`);

export function MyLinkPage() {
  const t = useT();
  const navigate = useNavigate();
  const { resetSession } = useSession();
  const token = useTokenFromHash();
  const [, redeem] = useMutation(PortalRedeemLoginLinkMutation);
  const [failed, setFailed] = useState<{ readonly token: string; readonly error: CombinedError } | null>(null);
  // A link works once: redeem each token once, even when development mode runs effects twice.
  const redeemed = useRef<string | null>(null);

  useEffect(() => {
    if (!token || redeemed.current === token) return;
    redeemed.current = token;
    void redeem({ token }).then((result) => {
      if (result.data?.portalRedeemLoginLink) {
        // A new My page session: start over with an empty cache.
        resetSession();
        void navigate(MY_PAGE_PATH, { replace: true });
      } else if (result.error) {
        setFailed({ token, error: result.error });
      }
    });
  }, [token, redeem, resetSession, navigate]);

  const problem = !token
    ? t('myPage.link.noToken')
    : failed?.token === token
      ? linkFailureMessage(failed.error, t)
      : null;

  return (
    <MyPageLayout narrow>
      <div className="card my__card">
        <h1 className="auth__title">{t('myPage.link.title')}</h1>
        {problem ? (
          <>
            <Banner testId="my-link-failed">{problem}</Banner>
            <p>
              <Link className="button button--primary" to={MY_LOGIN_PATH}>
                {t('myPage.toLogin')}
              </Link>
            </p>
          </>
        ) : (
          <Loading label={t('myPage.link.signingIn')} />
        )}
      </div>
    </MyPageLayout>
  );
}
