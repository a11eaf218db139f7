/**
 * The cost of colouring the minutes by author, per keystroke: the editor's AuthorColours plugin
 * recomputes its decorations on every transaction, so the time to walk a 50-page document's Yjs
 * items and build the decorations is what typing pays while the colours are shown.
 *
 *   npx tsx bench/author-colours.ts
 *
 * A 50-page minutes (about 150,000 characters in 1,000 paragraphs) written by five people taking
 * turns in each paragraph; the ProseMirror document and the Yjs-to-ProseMirror mapping are made by
 * y-prosemirror itself (initProseMirrorDoc), as in the editor. Measured twice: without carried
 * text, and with 1,000 carried ranges that each run is looked up in, as the editor draws it.
 * Target: under one frame (16.7 ms).
 */
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { initProseMirrorDoc } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { minutesSchema } from '../src/shared/minutes-schema';
import { authorRuns } from '../src/shared/author-runs';
import { CarriedText, type CarriedRange } from '../src/shared/carried-text';
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

/**
 * Text carried from one author to another's client id (a split, a join, a cut and paste: see
 * shared/carried-text.ts), as the editor holds it: here the second sentence of every paragraph,
 * 1,000 ranges, each looked up as the runs are read.
 */
function carriedEverywhere(doc: Y.Doc): CarriedText {
  const ranges: CarriedRange[] = [];
  for (const el of doc.getXmlFragment('minutes').toArray()) {
    let item = ((el as Y.XmlElement).get(0) as Y.XmlText)._start;
    let n = 0;
    while (item && n < 1) {
      item = item.right;
      n++;
    }
    if (item)
      ranges.push({
        client: item.id.client,
        clock: item.id.clock,
        length: item.length,
        origin: 1000 + ((item.id.client - 1000 + 1) % AUTHORS),
      });
  }
  return new CarriedText(ranges);
}

function measure(doc: Y.Doc, carried: CarriedText | null) {
  const { doc: pmDoc, mapping } = initProseMirrorDoc(doc.getXmlFragment('minutes'), minutesSchema());
  const colours = ['#b3261e', '#1a5fb4', '#26734d', '#8a3ffc', '#a15c00'];
  let runsCount = 0;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const runs = authorRuns(pmDoc, mapping, carried);
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
  return { characters: pmDoc.textContent.length, runs: runsCount, time: summarize(times.slice(1)) }; // the first run warms up the JIT
}

function main(): void {
  const doc = fiftyPages();
  const plain = measure(doc, null);
  const carried = carriedEverywhere(doc);
  const withCarried = measure(doc, carried);
  for (const [what, r] of [
    ['', plain],
    [`, with ${doc.getXmlFragment('minutes').length} carried ranges looked up`, withCarried],
  ] as const)
    console.log(
      `author colours${what}, ${r.characters} characters in ${PARAGRAPHS} paragraphs, ${r.runs} runs of text: ` +
        `${fmtSummary(r.time)} — target < ${FRAME_MS.toFixed(1)} ms ${r.time.median < FRAME_MS ? 'met' : 'NOT met'}`,
    );
  printResult({
    characters: plain.characters,
    runs: plain.runs,
    time: plain.time,
    carried: { runs: withCarried.runs, time: withCarried.time },
    targetMs: FRAME_MS,
  });
}

main();
