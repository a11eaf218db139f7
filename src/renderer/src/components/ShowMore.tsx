/**
 * Long lists of cards shown a part at a time. Five years of a committee hold thousands of
 * decisions: drawn at once, their cards would hold the screen for seconds and leave a person
 * scrolling through pages to find the end. A list shows its first LIST_PAGE cards and a button
 * for the next ones; the button's name says how many more and how many are left. After a click the
 * focus goes to the first card added, so that a keyboard or screen reader user reads on from there.
 * The parts are asked of the hub one after the other (usePartsFrom), so that five years of
 * decisions do not come in one answer.
 */
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { LIST_PAGE } from '../../../shared/api';
import { describeError } from '../errors';
import { ErrorMessage } from './Field';

export interface FirstPart<T, E extends HTMLElement = HTMLUListElement> {
  /** The cards to draw. */
  shown: readonly T[];
  /** The button for the next ones (null when all are shown). */
  more: ReactNode;
  /** For the list's element: its children are the cards, each focusable (tabIndex -1). */
  listRef: RefObject<E | null>;
}

/** Moves the focus to the card at `focusAtRef` once the list has drawn it. */
function useFocusAdded<E extends HTMLElement>(count: number) {
  const listRef = useRef<E | null>(null);
  const focusAtRef = useRef<number | null>(null);
  useEffect(() => {
    const at = focusAtRef.current;
    if (at === null) return;
    focusAtRef.current = null;
    (listRef.current?.children[at] as HTMLElement | undefined)?.focus();
  }, [count]);
  return { listRef, focusAtRef };
}

function MoreButton({
  n,
  left,
  busy,
  onMore,
}: {
  n: number;
  left: number;
  busy?: boolean;
  onMore: () => void;
}) {
  const { t } = useTranslation();
  // Not `disabled` while the next part comes: the focus would fall to the page's top.
  return (
    <button
      type="button"
      className="show-more"
      aria-disabled={busy || undefined}
      aria-busy={busy || undefined}
      onClick={() => {
        if (!busy) onMore();
      }}
    >
      {busy ? t('common.loading') : t('common.showMore', { n, left })}
    </button>
  );
}

/**
 * A list the hub gives a part at a time: `first` is its first part, `total` how many the list
 * holds, `next(offset, limit)` asks for the part after `offset`. A new `first` (another filter,
 * another period) starts again from it. A part that fails says so under the list, and the button
 * tries again.
 */
export function usePartsFrom<T, E extends HTMLElement = HTMLUListElement>(
  first: readonly T[],
  total: number,
  next: (offset: number, limit: number) => Promise<T[]>,
  size = LIST_PAGE,
): FirstPart<T, E> {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState(first);
  const [of, setOf] = useState(first);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The list may have changed meanwhile: a part that comes back empty ends it.
  const [ended, setEnded] = useState(false);
  if (of !== first) {
    setOf(first);
    setLoaded(first);
    setBusy(false);
    setError(null);
    setEnded(false);
  }
  // A part asked for before the list started again is not added to the new one.
  const currentRef = useRef(first);
  useEffect(() => {
    currentRef.current = first;
  }, [first]);
  const { listRef, focusAtRef } = useFocusAdded<E>(loaded.length);
  const left = ended ? 0 : total - loaded.length;
  const onMore = () => {
    const asked = first;
    setBusy(true);
    setError(null);
    next(loaded.length, size).then(
      (part) => {
        if (currentRef.current !== asked) return;
        if (part.length === 0) setEnded(true);
        else focusAtRef.current = loaded.length;
        setLoaded([...loaded, ...part]);
        setBusy(false);
      },
      (e: unknown) => {
        if (currentRef.current !== asked) return;
        setError(describeError(e));
        setBusy(false);
      },
    );
  };
  const more =
    left > 0 ? (
      <>
        <MoreButton n={Math.min(size, left)} left={left} busy={busy} onMore={onMore} />
        <ErrorMessage message={error && t('common.error', { message: error })} />
      </>
    ) : null;
  return { shown: loaded, more, listRef };
}
