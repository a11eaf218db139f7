import { useSyncExternalStore } from 'react';

/** Hash routes: `#/`, `#/committees/<id>`, `#/meetings/<id>`. */
export type Route =
  { name: 'committees' } | { name: 'committee'; id: string } | { name: 'meeting'; id: string };

export function parseRoute(hash: string): Route {
  const m = /^#\/(committees|meetings)\/([A-Za-z0-9-]+)$/.exec(hash);
  if (m?.[1] === 'committees') return { name: 'committee', id: m[2]! };
  if (m?.[1] === 'meetings') return { name: 'meeting', id: m[2]! };
  return { name: 'committees' };
}

export const href = (r: Route): string =>
  r.name === 'committees' ? '#/' : r.name === 'committee' ? `#/committees/${r.id}` : `#/meetings/${r.id}`;

const subscribe = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  return parseRoute(hash);
}
