import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { saveSession } from '../api/session.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { useLanguage } from '../i18n/language-context.tsx';
import { type AuthConfig, type CognitoConfig, loadAuthConfig } from './auth-config.ts';
import { startCognitoSignIn } from './cognito.ts';

/** `/sign-in`: the local users on a developer's machine, or the staff sign-in in AWS. */
export function SignInPage() {
  const { t } = useLanguage();
  const location = useLocation();
  const ended = (location.state as { ended?: boolean } | null)?.ended === true;
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    loadAuthConfig().then(setConfig, setError);
  }, []);

  return (
    <div className="sign-in">
      <header className="sign-in-header">
        <p className="brand">{t.app.title}</p>
        <LanguageSwitch />
      </header>
      <main id="main">
        <h1>{t.signIn.title}</h1>
        {ended && <p className="notice">{t.app.sessionEnded}</p>}
        <ErrorNotice error={error} />
        {config?.auth === 'local' && <LocalSignIn />}
        {config?.auth === 'cognito' && <CognitoSignIn config={config} />}
      </main>
    </div>
  );
}

interface LocalUser {
  readonly username: string;
  readonly roles: readonly string[];
}

function LocalSignIn() {
  const { t } = useLanguage();
  const navigate = useNavigate();
  const [users, setUsers] = useState<readonly LocalUser[]>([]);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    fetch('/auth/local/users')
      .then((response) => response.json() as Promise<LocalUser[]>)
      .then(setUsers, setError);
  }, []);

  async function signInAs(username: string): Promise<void> {
    try {
      const response = await fetch('/auth/local/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username }),
      });
      if (!response.ok) throw new Error(`sign-in answered ${response.status}`);
      const { accessToken, expiresIn } = (await response.json()) as {
        accessToken: string;
        expiresIn: number;
      };
      saveSession(accessToken, expiresIn);
      navigate('/', { replace: true });
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section aria-labelledby="local-users">
      <p className="local-banner" role="note">
        <strong>{t.signIn.localBanner}</strong>
      </p>
      <p>{t.signIn.localExplain}</p>
      <h2 id="local-users">{t.signIn.chooseUser}</h2>
      <ErrorNotice error={error} />
      <ul className="user-list">
        {users.map((user) => (
          <li key={user.username}>
            <button type="button" onClick={() => signInAs(user.username)}>
              {t.signIn.signInAs(user.username)}
            </button>
            <span className="roles">{user.roles.join(' · ')}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function CognitoSignIn({ config }: { readonly config: CognitoConfig }) {
  const { t } = useLanguage();
  return (
    <section>
      <p>{t.signIn.cognitoExplain}</p>
      <button type="button" className="primary" onClick={() => startCognitoSignIn(config)}>
        {t.signIn.cognito}
      </button>
    </section>
  );
}
