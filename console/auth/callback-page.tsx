import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useLanguage } from '../i18n/language-context.tsx';
import { loadAuthConfig } from './auth-config.ts';
import { completeCognitoSignIn } from './cognito.ts';

/** `/auth/callback`: where Cognito's hosted UI sends the browser back with a code. */
export function CallbackPage() {
  const { t } = useLanguage();
  const navigate = useNavigate();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const callback = new URLSearchParams(window.location.search);
    loadAuthConfig()
      .then((config) => {
        if (config.auth !== 'cognito') throw new Error('this deployment signs in locally');
        return completeCognitoSignIn(config, callback);
      })
      .then(
        () => navigate('/', { replace: true }),
        () => setFailed(true),
      );
  }, [navigate]);

  return (
    <main id="main" className="sign-in">
      {failed ? (
        <p role="alert">
          {t.signIn.callbackFailed} <Link to="/sign-in">{t.signIn.title}</Link>
        </p>
      ) : (
        <p>{t.signIn.completing}</p>
      )}
    </main>
  );
}
