import { useCallback, useEffect, useState } from 'react';
import { describeError } from './errors';

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'ready'; value: T }
  /** `code`: the API's error code when there is one (`forbidden`, `not_found`, …). */
  | { state: 'error'; message: string; code?: string };

/** Loads `fetcher()` now and whenever `reload()` is called or `deps` change. */
export function useLoad<T>(fetcher: () => Promise<T>, deps: unknown[]): [Loadable<T>, () => void] {
  const [value, setValue] = useState<Loadable<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    fetcher().then(
      (v) => live && setValue({ state: 'ready', value: v }),
      (e: unknown) =>
        live &&
        setValue({
          state: 'error',
          message: describeError(e),
          code: (e as { code?: string } | null)?.code,
        }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return [value, reload];
}
