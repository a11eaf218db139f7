/**
 * The renderer's one way to the core: `window.api` from the preload in the desktop app, or an
 * HTTP client of the hub (same `ApiBridge` type) in a browser. A browser gets its token from the
 * invitation link (`#token=…`), keeps it in this browser, and removes it from the address bar.
 */
import {
  ApiError,
  apiFromBridge,
  isMethodName,
  methods,
  type Api,
  type ApiBridge,
  type Envelope,
  type ErrorBody,
  type Session,
} from '../../shared/api';
import type { ExportedFile } from '../../shared/minutes';

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

/**
 * The file's name from a Content-Disposition header: `filename*` (UTF-8, percent-encoded) when
 * present, else the plain `filename`.
 */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      // a malformed encoding: fall back to the plain name
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(header);
  return plain ? (plain[1] ?? plain[2] ?? '').replace(/\\(.)/g, '$1') : null;
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
        return {
          ok: false,
          error: { code: 'internal', message: 'The host cannot be reached.', reason: 'unreachable' },
        };
      }
      if (res.ok && isMethodName(method) && methods[method].file) {
        // A file method answers with the file itself: hand it over as an ExportedFile.
        let data: Uint8Array;
        try {
          data = new Uint8Array(await res.arrayBuffer());
        } catch {
          return {
            ok: false,
            error: {
              code: 'internal',
              message: 'The file could not be received from the host.',
              reason: 'file_unreadable',
            },
          };
        }
        const result: ExportedFile = {
          filename: filenameFromDisposition(res.headers.get('Content-Disposition')) ?? 'download',
          contentType: res.headers.get('Content-Type') ?? 'application/octet-stream',
          data,
        };
        return { ok: true, result } satisfies Envelope<ExportedFile>;
      }
      const body: unknown = await res.json().catch(() => null);
      if (res.ok) return { ok: true, result: body } satisfies Envelope<unknown>;
      const error = (body as Partial<ErrorBody> | null)?.error;
      return {
        ok: false,
        error: error ?? {
          code: 'internal',
          message: `The host answered ${res.status}.`,
          reason: 'host_status',
          params: { status: res.status },
        },
      };
    },
    async session(): Promise<Session> {
      const env = await bridge.invoke('session.whoami', {});
      if (!env.ok) throw ApiError.fromBody({ error: env.error });
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
