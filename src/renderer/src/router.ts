import { useSyncExternalStore } from 'react';

/**
 * Hash routes: `#/`, `#/committees/<id>`, `#/committees/<id>/decisions`,
 * `#/committees/<id>/partnership`, `#/committees/<id>/members/<memberId>`, `#/meetings/<id>`.
 */
export type Route =
  | { name: 'committees' }
  | { name: 'committee'; id: string }
  | { name: 'register'; id: string }
  | { name: 'partnership'; id: string }
  | { name: 'member'; id: string; memberId: string }
  | { name: 'meeting'; id: string };

export function parseRoute(hash: string): Route {
  const partnership = /^#\/committees\/([A-Za-z0-9-]+)\/partnership$/.exec(hash);
  if (partnership) return { name: 'partnership', id: partnership[1]! };
  const member = /^#\/committees\/([A-Za-z0-9-]+)\/members\/([A-Za-z0-9-]+)$/.exec(hash);
  if (member) return { name: 'member', id: member[1]!, memberId: member[2]! };
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
    case 'partnership':
      return `#/committees/${r.id}/partnership`;
    case 'member':
      return `#/committees/${r.id}/members/${r.memberId}`;
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
