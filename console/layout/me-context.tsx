import { createContext, use } from 'react';
import type { Me } from '../../shared/ops-api/api-types.ts';
import type { Action } from '../../shared/ops-api/roles.ts';

/**
 * The signed-in user as `GET /api/me` describes them. Pages render an action's button only when
 * `may(me, action)`: what the API would refuse is not offered (the API refuses it all the same).
 */

export const MeContext = createContext<Me | null>(null);

/** The signed-in user; only under the app shell, which loads them first. */
export function useMe(): Me {
  const me = use(MeContext);
  if (!me) throw new Error('useMe needs the app shell above it');
  return me;
}

/** Whether the user's roles allow `action`. */
export function may(me: Me, action: Action): boolean {
  return me.actions.includes(action);
}
