/**
 * Long lists of cards shown a part at a time. Five years of a committee hold thousands of
 * decisions: drawn at once, their cards would hold the screen for seconds and leave a person
 * scrolling through pages to find the end. A list shows its first LIST_PAGE cards and a button
 * for the next ones; the button's name says how many more and how many are left. After a click the
 * focus goes to the first card added, so that a keyboard or screen reader user reads on from there.
 */
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';

/** How many cards a list shows at first, and adds at each click. */
export const LIST_PAGE = 20;

export interface FirstPart<T> {
  /** The cards to draw. */
  shown: readonly T[];
  /** The button for the next ones (null when all are shown). */
  more: ReactNode;
  /** For the list's element: its children are the cards, each focusable (tabIndex -1). */
  listRef: RefObject<HTMLUListElement | null>;
}

/** The first part of `items` (a new list, a filter changed: the first part again). */
export function useFirstPart<T>(items: readonly T[], size = LIST_PAGE): FirstPart<T> {
  const { t } = useTranslation();
  const [limit, setLimit] = useState(size);
  const [of, setOf] = useState(items);
  if (of !== items) {
    setOf(items);
    setLimit(size);
  }
  const listRef = useRef<HTMLUListElement | null>(null);
  const focusAt = useRef<number | null>(null);
  useEffect(() => {
    const at = focusAt.current;
    if (at === null) return;
    focusAt.current = null;
    (listRef.current?.children[at] as HTMLElement | undefined)?.focus();
  }, [limit]);
  const left = items.length - limit;
  const more =
    left > 0 ? (
      <button
        type="button"
        className="show-more"
        onClick={() => {
          focusAt.current = limit;
          setLimit(limit + size);
        }}
      >
        {t('common.showMore', { n: Math.min(size, left), left })}
      </button>
    ) : null;
  return { shown: items.slice(0, limit), more, listRef };
}
