/**
 * The renderer's one way to the core: `window.api` from the preload in the desktop app, or an
 * HTTP client of the hub (same `ApiBridge` type) in a browser. A browser gets its token from the
 * invitation link (`#token=…`), keeps it in this browser, and removes it from the address bar.
 */
import {
  apiFromBridge,
  type Api,
  type ApiBridge,
  type Envelope,
  type ErrorBody,
  type Session,
} from '../../shared/api';

declare global {
  interface Window {
    api?: ApiBridge;
  }
}

const TOKEN_KEY = 'coconstruct.token';

/**
 * Takes a token from an invitation link (`#token=…`, optionally `&to=/meetings/<id>`), stores it
 * in this browser and takes it out of the address bar; returns the stored token.
 */
export function takeTokenFromLocation(): string | null {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = params.get('token');
  if (token) {
    localStorage.setItem(TOKEN_KEY, token);
    const to = params.get('to');
    const route = to && /^\/[A-Za-z0-9/-]*$/.test(to) ? to : '/';
    history.replaceState(null, '', `${location.pathname}${location.search}#${route}`);
  }
  return localStorage.getItem(TOKEN_KEY);
}

export function forgetToken(): void {
  localStorage.removeItem(TOKEN_KEY);
}

function httpBridge(token: string): ApiBridge {
  const bridge: ApiBridge = {
    async invoke(method, input) {
      let res: Response;
      try {
        res = await fetch(`/api/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return { ok: false, error: { code: 'internal', message: 'The host cannot be reached.' } };
      }
      const body: unknown = await res.json().catch(() => null);
      if (res.ok) return { ok: true, result: body } satisfies Envelope<unknown>;
      const error = (body as Partial<ErrorBody> | null)?.error;
      return {
        ok: false,
        error: error ?? { code: 'internal', message: `The host answered ${res.status}.` },
      };
    },
    async session(): Promise<Session> {
      const env = await bridge.invoke('session.whoami', {});
      if (!env.ok) throw Object.assign(new Error(env.error.message), { code: env.error.code });
      const urls = await bridge.invoke('session.inviteBaseUrls', {});
      const wsOrigin = location.origin.replace(/^http/, 'ws');
      return {
        caller: env.result as Session['caller'],
        syncUrl: wsOrigin,
        syncToken: token,
        inviteBaseUrls:
          urls.ok && (urls.result as string[]).length ? (urls.result as string[]) : [location.origin],
      };
    },
  };
  return bridge;
}

/** The API for this window, or null in a browser that has no token yet. */
export function connectApi(): Api | null {
  if (window.api) return apiFromBridge(window.api);
  const token = takeTokenFromLocation();
  return token ? apiFromBridge(httpBridge(token)) : null;
}
