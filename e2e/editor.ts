/** Moving the caret in the minutes editor the way a person does, without racing ProseMirror. */
import { expect, type Page } from '@playwright/test';

/**
 * Puts the caret at the end of the minutes with Ctrl+End and waits until the editor has taken
 * it in. Chromium moves the caret at once but tells the editor in a later `selectionchange`
 * event; a key the editor handles itself (Enter) pressed before that splits the block at the old
 * caret. A person never presses the next key within those few milliseconds; a test does.
 */
export async function caretToEnd(page: Page): Promise<void> {
  const body = page.locator('.minutes-body');
  await body.focus();
  await page.keyboard.press('Control+End');
  await expect
    .poll(() =>
      body.evaluate((el) => {
        const { state } = (el as unknown as { editor: EditorLike }).editor;
        return state.selection.from === state.selection.constructor.atEnd(state.doc).from;
      }),
    )
    .toBe(true);
}

interface EditorLike {
  state: {
    doc: unknown;
    selection: { from: number; constructor: { atEnd(doc: unknown): { from: number } } };
  };
}

/** Moves the caret `n` characters back from the end of the minutes, and waits for the editor. */
export async function caretBack(page: Page, n: number): Promise<void> {
  await caretToEnd(page);
  for (let i = 0; i < n; i++) await page.keyboard.press('ArrowLeft');
  await expect
    .poll(() =>
      page.locator('.minutes-body').evaluate((el, n) => {
        const { state } = (el as unknown as { editor: EditorLike }).editor;
        return state.selection.constructor.atEnd(state.doc).from - state.selection.from === n;
      }, n),
    )
    .toBe(true);
}

/**
 * Starts watching the minutes for the first paragraph holding `text` (and not `unless`) drawn with
 * an author's colour; resolves once watching. The returned function waits for that paragraph and
 * gives the title (the author's name) of its first coloured run: the colour a person sees first,
 * before any later reload of who wrote what.
 */
export async function watchFirstAuthor(
  page: Page,
  text: string,
  unless: string | null = null,
): Promise<() => Promise<string | null>> {
  await page.locator('.minutes-body').evaluate(
    (body, [text, unless]) => {
      const view = body.ownerDocument.defaultView!;
      const seen = view as unknown as { firstAuthor?: string | null };
      delete seen.firstAuthor;
      const paragraphs = () => [...body.querySelectorAll('p')];
      // A paragraph's own text: without the names of others' carets that may sit inside it.
      const own = (p: ReturnType<typeof paragraphs>[number]) => {
        const copy = p.cloneNode(true) as typeof p;
        for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
        return copy.textContent ?? '';
      };
      const look = () => {
        const p = paragraphs().find((p) => own(p).includes(text!) && !(unless && own(p).includes(unless)));
        const run = p?.querySelector('.author-run');
        if (!run) return;
        observer.disconnect();
        seen.firstAuthor = run.getAttribute('title');
      };
      const observer = new view.MutationObserver(look);
      observer.observe(body, { childList: true, subtree: true, characterData: true, attributes: true });
    },
    [text, unless] as const,
  );
  return async () => {
    const first = () =>
      page.evaluate(() => (globalThis as unknown as { firstAuthor?: string | null }).firstAuthor);
    await expect.poll(async () => (await first()) !== undefined).toBe(true);
    return (await first()) ?? null;
  };
}
