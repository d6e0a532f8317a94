import { Navigate, NavLink, Outlet, useNavigate } from 'react-router';
import type { Me } from '../../shared/ops-api/api-types.ts';
import { currentToken, endSession } from '../api/session.ts';
import { useApiQuery } from '../api/use-api.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { currentCycle, localeOf } from '../i18n/format.ts';
import { useLanguage } from '../i18n/language-context.tsx';
import { MeContext } from './me-context.tsx';

/** Every signed-in page: the header (who, language, sign-out), the nav bar, then the page. */
export function AppShell() {
  const { t } = useLanguage();
  const me = useApiQuery<Me>(currentToken() === null ? null : '/me');

  if (currentToken() === null) return <Navigate to="/sign-in" replace />;
  if (!me.data) {
    return (
      <main id="main" className="page">
        {me.error ? <ErrorNotice error={me.error} /> : <p>{t.app.loading}</p>}
      </main>
    );
  }
  return (
    <MeContext value={me.data}>
      <a className="skip-link" href="#main">
        {t.app.skipToContent}
      </a>
      <Header me={me.data} />
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </MeContext>
  );
}

function Header({ me }: { readonly me: Me }) {
  const { t, language } = useLanguage();
  const navigate = useNavigate();
  const roles = new Intl.ListFormat(localeOf(language), { type: 'unit' }).format(
    me.roles.map((role) => t.roles[role]),
  );
  const links = [
    { to: `/cycles/${currentCycle()}`, label: t.nav.month },
    { to: '/approvals', label: t.nav.approvals },
    { to: '/calendar', label: t.nav.calendar },
    { to: '/objections', label: t.nav.objections },
    { to: '/households', label: t.nav.household },
    ...(me.actions.includes('audit.read') ? [{ to: '/audit', label: t.nav.audit }] : []),
  ];

  function signOut(): void {
    endSession();
    navigate('/sign-in', { replace: true });
  }

  return (
    <header className="app-header">
      <div className="app-bar">
        <p className="brand">{t.app.title}</p>
        <p className="who">{t.app.signedInAs(me.username, roles)}</p>
        <LanguageSwitch />
        <button type="button" onClick={signOut}>
          {t.app.signOut}
        </button>
      </div>
      <nav aria-label={t.nav.label}>
        <ul>
          {links.map((link) => (
            <li key={link.to}>
              <NavLink to={link.to}>{link.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
