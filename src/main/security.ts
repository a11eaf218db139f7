/**
 * The desktop app's security rules as plain functions: which URLs may leave the app, which frames
 * may call the IPC door, which file a request to the app's own protocol reads, which permissions
 * a page gets, and the Content Security Policy. No `electron` import here, so that the rules run
 * and are tested in plain Node (test/electron-security.test.ts); src/main/index.ts applies them.
 */
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** The renderer is served from `app://coconstruct/`, never from `file://`. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'coconstruct';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * Whether a link may be handed to the system's browser (`shell.openExternal`): http and https
 * only, with a host and no user name or password in it. Anything else (file:, javascript:, smb:,
 * custom schemes that launch other programs) stays closed.
 */
export function isSafeExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (!url.hostname) return false;
  return url.username === '' && url.password === '';
}

/**
 * Whether an IPC call comes from the app's own page: the top frame's URL on the app's origin
 * (or on the dev server's origin under `npm run dev`). Any other frame or page is refused.
 */
export function isTrustedSender(frameUrl: string | null | undefined, devUrl?: string): boolean {
  if (!frameUrl) return false;
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  if (devUrl) {
    try {
      return url.origin === new URL(devUrl).origin;
    } catch {
      return false;
    }
  }
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
}

/**
 * The file under `rootDir` that a request to `app://coconstruct/<path>` reads, or null for a
 * request to another host or one that would leave `rootDir` (`..`, encoded or not, absolute
 * paths, NUL bytes). `/` reads index.html.
 */
export function resolveAppPath(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const root = resolve(rootDir);
  const file = resolve(join(root, path));
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  return file;
}

const MIME: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  map: 'application/json; charset=utf-8',
};

export function mimeType(file: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase() ?? '';
  return MIME[ext] ?? 'application/octet-stream';
}

/**
 * The only permission a page of the app gets: writing text it was asked to copy (an invitation
 * link) to the clipboard. Camera, microphone, geolocation, notifications, and every other
 * permission are denied.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string, devUrl?: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isTrustedSender(requestingUrl, devUrl);
}

/**
 * The Content Security Policy of the app's pages in the desktop app: scripts from the app itself
 * only (no inline script, no eval), and connections to the app's own hub on 127.0.0.1 only.
 * Inline styles stay allowed: the editor and the chart library set style attributes.
 */
export function contentSecurityPolicy(hubPort: number | null): string {
  const hub = hubPort ? ` ws://127.0.0.1:${hubPort} http://127.0.0.1:${hubPort}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${hub}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Whether a page may navigate to `target`: only within the app itself (its hash routes). */
export function isAllowedNavigation(target: string, devUrl?: string): boolean {
  return isTrustedSender(target, devUrl);
}
