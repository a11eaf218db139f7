import { createContext, useContext } from 'react';
import type { Api, Session } from '../../shared/api';

export interface AppContext {
  api: Api;
  session: Session;
}

export const Ctx = createContext<AppContext | null>(null);

export function useApp(): AppContext {
  const c = useContext(Ctx);
  if (!c) throw new Error('useApp outside <Ctx.Provider>');
  return c;
}
