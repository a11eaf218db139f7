/**
 * One meeting document per open meeting screen: a Y.Doc synced with the hub over y-websocket (the
 * app's own client, which sends one turn's updates as one message),
 * its connection state, who is here, and live reads of its parts (agenda, meta).
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { HubProvider } from '../../shared/hub-provider';
import { CLOSE_RESTORED, STORAGE_PROBLEMS, type StorageProblem } from '../../shared/storage';

export type ConnectionStatus =
  'connecting' | 'connected' | 'disconnected' | 'refused' | 'revoked' | 'restored';

export interface Person {
  clientId: number;
  name: string;
  color: string;
}

export interface MeetingConnection {
  doc: Y.Doc;
  provider: WebsocketProvider;
  status: ConnectionStatus;
  /** Why the hub refused an edit (close code 4403), if it did. */
  refusal: string | null;
  /** The host could not save the last change (1011 `storage:<problem>`); cleared once it can. */
  notSaved: StorageProblem | null;
  synced: boolean;
  people: Person[];
}

/** Close codes of the hub: an update its sender may not make; a link that is no longer valid. */
const CLOSE_EDIT_REFUSED = 4403;
const CLOSE_ACCESS_REVOKED = 4401;

export function useMeetingConnection(syncUrl: string, token: string, docName: string): MeetingConnection {
  const { doc, provider } = useMemo(() => {
    const doc = new Y.Doc();
    const provider = new HubProvider(`${syncUrl}/sync`, docName, doc, {
      params: { token },
      connect: false,
    });
    return { doc, provider };
  }, [syncUrl, token, docName]);

  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [refusal, setRefusal] = useState<string | null>(null);
  const [notSaved, setNotSaved] = useState<StorageProblem | null>(null);
  const [synced, setSynced] = useState(false);
  const [people, setPeople] = useState<Person[]>([]);

  useEffect(() => {
    const onStatus = ({ status }: { status: 'connecting' | 'connected' | 'disconnected' }) =>
      setStatus((s) => (s === 'refused' || s === 'revoked' || s === 'restored' ? s : status));
    const onClose = (event: CloseEvent | null) => {
      const problem = /^storage:(.+)$/.exec(event?.reason ?? '')?.[1];
      if (event?.code === 1011 && (STORAGE_PROBLEMS as readonly string[]).includes(problem ?? '')) {
        // The stock client reconnects and sends the change again: say why meanwhile.
        setNotSaved(problem as StorageProblem);
      } else if (event?.code === CLOSE_RESTORED) {
        // A backup was restored: this copy is older or newer than the host's; only a reload is right.
        setStatus('restored');
      } else if (event?.code === CLOSE_EDIT_REFUSED) {
        setRefusal(event.reason || 'refused');
        setStatus('refused');
      } else if (event?.code === CLOSE_ACCESS_REVOKED) {
        setStatus('revoked');
      }
    };
    const onSync = (isSynced: boolean) => {
      setSynced(isSynced);
      if (isSynced) setNotSaved(null);
    };
    const onAwareness = () => {
      const list: Person[] = [];
      provider.awareness.getStates().forEach((state, clientId) => {
        const user = (state as { user?: { name?: unknown; color?: unknown } }).user;
        if (user && typeof user.name === 'string') {
          list.push({
            clientId,
            name: user.name,
            color: typeof user.color === 'string' ? user.color : '#4a4a4a',
          });
        }
      });
      list.sort((a, b) => a.name.localeCompare(b.name));
      setPeople(list);
    };
    provider.on('status', onStatus);
    provider.on('connection-close', onClose);
    provider.on('sync', onSync);
    provider.awareness.on('change', onAwareness);
    // When the system says the network is gone, say so at once (a dead socket can take a while to
    // notice); edits go on in the local document and are sent when the network returns.
    const onOffline = () => provider.disconnect();
    const onOnline = () => provider.connect();
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    provider.connect();
    return () => {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      provider.off('status', onStatus);
      provider.off('connection-close', onClose);
      provider.off('sync', onSync);
      provider.awareness.off('change', onAwareness);
      provider.destroy();
      doc.destroy();
    };
  }, [doc, provider]);

  return { doc, provider, status, refusal, notSaved, synced, people };
}

/**
 * A value read from the document, recomputed after each change. `read` must return a value that
 * compares equal (by JSON) when nothing it depends on changed, so that React does not loop.
 */
export function useDocValue<T>(doc: Y.Doc, read: (doc: Y.Doc) => T): T {
  const cache = useRef<{ json: string; value: T } | null>(null);
  const readRef = useRef(read);
  useEffect(() => {
    readRef.current = read;
  });
  const subscribe = useMemo(
    () => (cb: () => void) => {
      doc.on('update', cb);
      return () => doc.off('update', cb);
    },
    [doc],
  );
  return useSyncExternalStore(subscribe, () => {
    const value = readRef.current(doc);
    const json = JSON.stringify(value);
    if (cache.current && cache.current.json === json) return cache.current.value;
    cache.current = { json, value };
    return value;
  });
}

/** The current time, refreshed every `ms` while mounted. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
