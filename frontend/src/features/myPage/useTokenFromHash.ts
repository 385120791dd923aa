//! The one-time token of a My page link (`#token=…`): read from `window.location.hash`, then
//! taken out of the address bar (and the history entry) with `history.replaceState`, so it is
//! neither bookmarked, shared by copying the address, nor sent anywhere. A link pasted again into
//! the same tab only changes the fragment (no new page load): that is read too.
import { useEffect, useState } from 'react';
import { addressWithoutHash, tokenFromHash } from './myPage';

function dropHash(): void {
  if (window.location.hash) {
    // The router's own state is kept; only the fragment goes.
    window.history.replaceState(window.history.state, '', addressWithoutHash(window.location));
  }
}

export function useTokenFromHash(): string | null {
  const [token, setToken] = useState(() => tokenFromHash(window.location.hash));
  useEffect(() => {
    dropHash();
    const onHashChange = () => {
      const next = tokenFromHash(window.location.hash);
      if (next) setToken(next);
      dropHash();
    };
    window.addEventListener('hashchange', onHashChange);
    return () => {
      window.removeEventListener('hashchange', onHashChange);
    };
  }, []);
  return token;
}
