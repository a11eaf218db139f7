import { useSyncExternalStore } from 'react';

/** Hash routes: `#/`, `#/committees/<id>`, `#/committees/<id>/decisions`, `#/meetings/<id>`. */
export type Route =
  | { name: 'committees' }
  | { name: 'committee'; id: string }
  | { name: 'register'; id: string }
  | { name: 'meeting'; id: string };

export function parseRoute(hash: string): Route {
  const register = /^#\/committees\/([A-Za-z0-9-]+)\/decisions$/.exec(hash);
  if (register) return { name: 'register', id: register[1]! };
  const m = /^#\/(committees|meetings)\/([A-Za-z0-9-]+)$/.exec(hash);
  if (m?.[1] === 'committees') return { name: 'committee', id: m[2]! };
  if (m?.[1] === 'meetings') return { name: 'meeting', id: m[2]! };
  return { name: 'committees' };
}

export function href(r: Route): string {
  switch (r.name) {
    case 'committees':
      return '#/';
    case 'committee':
      return `#/committees/${r.id}`;
    case 'register':
      return `#/committees/${r.id}/decisions`;
    case 'meeting':
      return `#/meetings/${r.id}`;
  }
}

const subscribe = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  return parseRoute(hash);
}
