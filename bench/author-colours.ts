/**
 * The cost of colouring the minutes by author, per keystroke: the editor's AuthorColours plugin
 * recomputes its decorations on every transaction, so the time to walk a 50-page document's Yjs
 * items and build the decorations is what typing pays while the colours are shown.
 *
 *   npx tsx bench/author-colours.ts
 *
 * A 50-page minutes (about 150,000 characters in 1,000 paragraphs) written by five people taking
 * turns in each paragraph; the ProseMirror document and the Yjs-to-ProseMirror mapping are made by
 * y-prosemirror itself (initProseMirrorDoc), as in the editor. Target: under one frame (16.7 ms).
 */
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { initProseMirrorDoc } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { minutesSchema } from '../src/shared/minutes-schema';
import { authorRuns } from '../src/shared/author-runs';
import { fmtSummary, printResult, summarize } from './lib';

const PARAGRAPHS = 1000;
const CHARS_PER_PARAGRAPH = 150;
const AUTHORS = 5;
const RUNS = 41;
const FRAME_MS = 1000 / 60;

function fiftyPages(): Y.Doc {
  const writers = Array.from({ length: AUTHORS }, (_v, i) => {
    const d = new Y.Doc();
    d.clientID = 1000 + i;
    return d;
  });
  const [first] = writers;
  const fragment = first!.getXmlFragment('minutes');
  first!.transact(() => {
    for (let p = 0; p < PARAGRAPHS; p++) {
      const el = new Y.XmlElement('paragraph');
      el.insert(0, [new Y.XmlText('')]);
      fragment.push([el]);
    }
  });
  const sync = () => {
    for (const a of writers)
      for (const b of writers)
        if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  };
  sync();
  // Each writer adds a sentence to every paragraph in turn: runs alternate between authors.
  const sentence = 'Les partenaires ont présenté leurs constats sur l’accueil. ';
  for (let round = 0; round * sentence.length < CHARS_PER_PARAGRAPH; round++) {
    const w = writers[round % AUTHORS]!;
    w.transact(() => {
      for (const el of w.getXmlFragment('minutes').toArray()) {
        const text = (el as Y.XmlElement).get(0) as Y.XmlText;
        text.insert(text.length, sentence);
      }
    });
    sync();
  }
  return first!;
}

function main(): void {
  const doc = fiftyPages();
  const { doc: pmDoc, mapping } = initProseMirrorDoc(doc.getXmlFragment('minutes'), minutesSchema());
  const colours = ['#b3261e', '#1a5fb4', '#26734d', '#8a3ffc', '#a15c00'];
  let runsCount = 0;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const runs = authorRuns(pmDoc, mapping);
    const decorations = runs.map((r) =>
      Decoration.inline(r.from, r.to, {
        class: 'author-run',
        style: `--author: ${colours[r.client % AUTHORS]}`,
      }),
    );
    DecorationSet.create(pmDoc, decorations);
    times.push(performance.now() - t0);
    runsCount = runs.length;
  }
  const s = summarize(times.slice(1)); // the first run warms up the JIT
  console.log(
    `author colours, ${pmDoc.textContent.length} characters in ${PARAGRAPHS} paragraphs, ${runsCount} runs of text: ` +
      `${fmtSummary(s)} — target < ${FRAME_MS.toFixed(1)} ms ${s.median < FRAME_MS ? 'met' : 'NOT met'}`,
  );
  printResult({ characters: pmDoc.textContent.length, runs: runsCount, time: s, targetMs: FRAME_MS });
}

main();
