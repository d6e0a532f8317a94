import '@fontsource/noto-sans-arabic/400.css';
import '@fontsource/noto-sans-arabic/700.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { CallbackPage } from './auth/callback-page.tsx';
import { SignInPage } from './auth/sign-in-page.tsx';
import { currentCycle } from './i18n/format.ts';
import { LanguageProvider } from './i18n/language-context.tsx';
import { AppShell } from './layout/app-shell.tsx';
import { ApprovalsPage } from './pages/approvals-page.tsx';
import { AuditPage } from './pages/audit-page.tsx';
import { CalendarPage } from './pages/calendar-page.tsx';
import { HouseholdPage } from './pages/household-page.tsx';
import { MonthPage } from './pages/month-page.tsx';
import { ObjectionPage } from './pages/objection-page.tsx';
import { ObjectionsPage } from './pages/objections-page.tsx';

/** The console's entry: one route per page, all but sign-in under the signed-in shell. */
const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/auth/callback', element: <CallbackPage /> },
  {
    path: '/',
    element: <AppShell />,
    children: [
      { index: true, element: <Navigate to={`/cycles/${currentCycle()}`} replace /> },
      { path: 'cycles/:month', element: <MonthPage /> },
      { path: 'approvals', element: <ApprovalsPage /> },
      { path: 'calendar', element: <CalendarPage /> },
      { path: 'objections', element: <ObjectionsPage /> },
      { path: 'objections/:id', element: <ObjectionPage /> },
      { path: 'households', element: <HouseholdPage /> },
      { path: 'households/:id', element: <HouseholdPage /> },
      { path: 'audit', element: <AuditPage /> },
    ],
  },
]);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <LanguageProvider>
      <RouterProvider router={router} />
    </LanguageProvider>
  </StrictMode>,
);
