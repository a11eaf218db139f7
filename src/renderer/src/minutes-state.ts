/**
 * The minutes' status (draft, circulated, approved, amending) as the hub knows it, shared by every
 * component of a meeting screen that needs it (the status bar, the editor, the versions), polled
 * every few seconds so that a change made by someone else shows up quickly.
 *
 * One poller per meeting, whatever the number of components reading it; a component that changes
 * the status gives the new state with `update()` and every reader sees it at once.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { Api } from '../../shared/api';
import type { MinutesState, MinutesStatus } from '../../shared/minutes';
import { useApp } from './context';
import { describeError } from './errors';

/** How often the status is asked for while a component shows it. */
export const MINUTES_POLL_MS = 3000;

export interface MinutesStateView {
  /** `null` until the first answer. */
  state: MinutesState | null;
  /** Why the last check failed, if it did (the last known state is kept). */
  error: string | null;
}

export interface MinutesStateHandle extends MinutesStateView {
  /** Asks the hub now. */
  refresh: () => Promise<void>;
  /** Records a state the hub just returned (after an action), for every reader. */
  update: (state: MinutesState) => void;
}

/** Circulated (only comments) and approved (locked) minutes cannot be written in. */
export const isLocked = (status: MinutesStatus | null | undefined): boolean =>
  status === 'circulated' || status === 'approved';

class MinutesStateSource {
  private view: MinutesStateView = { state: null, error: null };
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Bumped by every request and every update: only the latest one may change the view. */
  private seq = 0;

  constructor(
    private readonly api: Api,
    private readonly meetingId: string,
  ) {}

  get = (): MinutesStateView => this.view;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  };

  refresh = async (): Promise<void> => {
    const mine = ++this.seq;
    try {
      const state = await this.api.invoke('minutes.get', { meetingId: this.meetingId });
      if (mine === this.seq) this.set({ state, error: null });
    } catch (e) {
      if (mine === this.seq) this.set({ ...this.view, error: describeError(e) });
    }
  };

  update = (state: MinutesState): void => {
    this.seq++;
    this.set({ state, error: null });
  };

  private set(view: MinutesStateView) {
    if (JSON.stringify(view) === JSON.stringify(this.view)) return;
    this.view = view;
    for (const l of this.listeners) l();
  }

  private readonly onVisible = () => {
    if (document.visibilityState === 'visible') void this.refresh();
  };

  private start() {
    void this.refresh();
    this.timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') void this.refresh();
    }, MINUTES_POLL_MS);
    document.addEventListener('visibilitychange', this.onVisible);
  }

  private stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    document.removeEventListener('visibilitychange', this.onVisible);
  }
}

const sources = new WeakMap<Api, Map<string, MinutesStateSource>>();

function sourceFor(api: Api, meetingId: string): MinutesStateSource {
  let byMeeting = sources.get(api);
  if (!byMeeting) sources.set(api, (byMeeting = new Map()));
  let source = byMeeting.get(meetingId);
  if (!source) byMeeting.set(meetingId, (source = new MinutesStateSource(api, meetingId)));
  return source;
}

/**
 * The minutes' state for a meeting, kept fresh (polled every few seconds while shown). Bump
 * `version` to ask again at once (for example when the meeting document says something changed).
 */
export function useMinutesState(meetingId: string, version?: unknown): MinutesStateHandle {
  const { api } = useApp();
  const source = sourceFor(api, meetingId);
  const view = useSyncExternalStore(source.subscribe, source.get);
  useEffect(() => {
    if (version !== undefined) void source.refresh();
  }, [source, version]);
  return { ...view, refresh: source.refresh, update: source.update };
}
