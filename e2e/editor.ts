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
