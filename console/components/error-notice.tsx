import { ApiCallError } from '../api/api-client.ts';
import { useLanguage } from '../i18n/language-context.tsx';

/** An error as the user reads it: the API's own message, or "could not reach the server". */
export function ErrorNotice({ error }: { readonly error: unknown }) {
  const { t } = useLanguage();
  if (!error) return null;
  return (
    <p role="alert" className="notice notice-error">
      {error instanceof ApiCallError ? error.message : t.app.networkError}
    </p>
  );
}
