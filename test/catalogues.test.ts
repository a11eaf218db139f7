/**
 * The French and English catalogues of the renderer (src/renderer/src/locales) and of the exports
 * (src/core/exports/labels.ts, log-labels.ts): the same keys on both sides, no empty value, the
 * plural forms each language needs, every key the code asks for, and no text typed straight into
 * the screens.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { exportLabels } from '../src/core/exports/labels';
import { logLabels } from '../src/core/exports/log-labels';
import { partnershipLabels } from '../src/core/exports/partnership-labels';
import { personLabels } from '../src/core/exports/person-labels';
import { en } from '../src/renderer/src/locales/en';
import { fr } from '../src/renderer/src/locales/fr';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
type Lang = 'en' | 'fr';
/** The locale each language is shown in: its plural rules and its number and date formats. */
const LOCALE: Record<Lang, string> = { en: 'en-CA', fr: 'fr-CA' };
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Every leaf of a catalogue as `a.b.c` → value. */
function leaves(obj: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const e of leaves(v, path)) out.set(...e);
    else out.set(path, v);
  }
  return out;
}

const KEYS = { en: leaves(en), fr: leaves(fr) };
/** A key without its plural suffix: `register.total_one` → `register.total`. */
const base = (key: string) => key.replace(PLURAL_SUFFIX, '');
const bases = (lang: Lang) => new Set([...KEYS[lang].keys()].map(base));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'locales' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Source without comments (keeps the line count, for readable reports). */
const stripComments = (src: string) =>
  src.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

const RENDERER = sourceFiles(join(ROOT, 'src/renderer/src'));

/**
 * The keys the code asks for: the first argument of `t(…)`, `i18next.t(…)`, `i18n.t(…)` when it
 * is a literal. A template literal (`role.${r}`) becomes a pattern: each `${…}` stands for one
 * key segment.
 */
type Used = { key: string; pattern: RegExp | null; where: string };
function usedKeys(files: string[]): Used[] {
  return files.flatMap((file) => keysIn(readFileSync(file, 'utf8'), relative(ROOT, file)));
}

function keysIn(source: string, name: string): Used[] {
  const found: Used[] = [];
  {
    const src = stripComments(source);
    const re = /(?<![\w.])(?:i18next\.|i18n\.)?t\(\s*(['"`])((?:(?!\1)[^\\]|\\.)*)\1/g;
    for (const m of src.matchAll(re)) {
      const key = m[2]!;
      const line = src.slice(0, m.index).split('\n').length;
      const where = `${name}:${line}`;
      if (m[1] === '`' && key.includes('${')) {
        const pattern = new RegExp(
          '^' +
            key
              .split(/\$\{[^}]*\}/)
              .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
              .join('[^.]+') +
            '$',
        );
        found.push({ key, pattern, where });
      } else found.push({ key, pattern: null, where });
    }
  }
  return found;
}

describe('the renderer’s catalogues', () => {
  for (const [lang, other] of [
    ['fr', 'en'],
    ['en', 'fr'],
  ] as const) {
    it(`has every ${other} key in ${lang} too (plural forms aside)`, () => {
      const missing = [...bases(other)].filter((k) => !bases(lang).has(k));
      expect(missing, `keys in ${other}.ts but not in ${lang}.ts`).toEqual([]);
    });
  }

  it('writes a no-break space before a French question mark, as the rest of the catalogue does', () => {
    const bad = [...KEYS.fr].filter(([, v]) => typeof v === 'string' && /[^\s\u00a0\u202f]\?/.test(v));
    expect(bad.map(([k, v]) => `${k}: ${String(v)}`)).toEqual([]);
  });

  it('has no empty value, and only text', () => {
    const bad: string[] = [];
    for (const lang of ['en', 'fr'] as const)
      for (const [k, v] of KEYS[lang]) if (typeof v !== 'string' || !v.trim()) bad.push(`${lang}: ${k}`);
    expect(bad).toEqual([]);
  });

  it('has every plural form each language needs (Intl.PluralRules, Canadian English and French)', () => {
    const bad: string[] = [];
    const pluralBases = new Set(
      [...KEYS.en.keys(), ...KEYS.fr.keys()].filter((k) => PLURAL_SUFFIX.test(k)).map(base),
    );
    for (const lang of ['en', 'fr'] as const) {
      const needed = new Intl.PluralRules(LOCALE[lang]).resolvedOptions().pluralCategories;
      for (const b of pluralBases) {
        for (const cat of needed) if (!KEYS[lang].has(`${b}_${cat}`)) bad.push(`${lang}: ${b}_${cat}`);
        // A key that is both plain and plural is ambiguous.
        if (KEYS[lang].has(b)) bad.push(`${lang}: ${b} is also a plain key`);
      }
    }
    expect(bad, 'missing plural forms').toEqual([]);
    // French has a `many` form (1 000 000, 2 000 000…): the catalogue must have it.
    expect(new Intl.PluralRules('fr-CA').resolvedOptions().pluralCategories).toContain('many');
  });

  it('uses the same placeholders in both languages', () => {
    const names = (s: unknown) =>
      [...String(s).matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).filter((n) => n !== 'count');
    const bad: string[] = [];
    for (const [k, v] of KEYS.en) {
      const f = KEYS.fr.get(k);
      if (f === undefined) continue;
      const a = new Set(names(v));
      const b = new Set(names(f));
      if ([...a].some((x) => !b.has(x)) || [...b].some((x) => !a.has(x))) bad.push(`${k}: ${v} | ${f}`);
    }
    expect(bad).toEqual([]);
  });

  it('has every key the renderer’s code asks for, in both languages', () => {
    const used = usedKeys(RENDERER);
    expect(used.length).toBeGreaterThan(300);
    const missing: string[] = [];
    for (const lang of ['en', 'fr'] as const) {
      const all = [...KEYS[lang].keys()];
      const known = bases(lang);
      for (const u of used) {
        const ok = u.pattern
          ? all.some((k) => u.pattern!.test(k) || u.pattern!.test(base(k)))
          : known.has(u.key);
        if (!ok) missing.push(`${lang}: ${u.key} (${u.where})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the scan sees literal and template keys', () => {
    const used = keysIn("t('a.b'); i18next.t(\"c.d\", { x }); t(`role.${r}`); format(x); at('no')", 'probe');
    expect(used.map((u) => u.key)).toEqual(['a.b', 'c.d', 'role.${r}']);
    expect(used[2]!.pattern!.test('role.member')).toBe(true);
    expect(used[2]!.pattern!.test('role.a.b')).toBe(false);
  });
});

/** Attributes a screen reader says or a user sees. */
const SEEN_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'title',
  'placeholder',
  'alt',
]);

/**
 * Text a user reads, typed straight into the renderer's code rather than taken from the
 * catalogues: JSX text with letters, and string attributes a user sees or hears (read with the
 * TypeScript parser, so code between JSX expressions is never taken for text).
 */
function hardCodedText(source: string, name: string): string[] {
  const file = ts.createSourceFile(name, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) =>
    `${name}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${what.trim()}`;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && /\p{L}/u.test(node.text)) found.push(at(node, node.text));
    if (
      ts.isJsxAttribute(node) &&
      SEEN_ATTRIBUTES.has(node.name.getText()) &&
      node.initializer &&
      ts.isStringLiteral(node.initializer) &&
      /\p{L}{2,}/u.test(node.initializer.text) &&
      !/^https?:\/\/$/.test(node.initializer.text)
    )
      found.push(at(node, node.getText()));
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('the renderer’s screens', () => {
  it('take every word a user sees from the catalogues', () => {
    const found = RENDERER.filter((f) => f.endsWith('.tsx')).flatMap((f) =>
      hardCodedText(readFileSync(f, 'utf8'), relative(ROOT, f)),
    );
    expect(found, 'text typed into the code: move it to locales/en.ts and fr.ts').toEqual([]);
  });

  it('the check sees text typed into JSX, and leaves code and symbols alone', () => {
    const probe = (code: string) =>
      hardCodedText(code, 'probe.tsx').map((s) => s.replace(/^probe.tsx:\d+: /, ''));
    expect(probe('const a = <p className="x">Hello there</p>;')).toEqual(['Hello there']);
    expect(probe('const a = <p>{t("a")} more words {x}</p>;')).toEqual(['more words']);
    expect(probe('const a = <nav aria-label="breadcrumb">{x ? (<b>{y}</b>) : null}</nav>;')).toEqual([
      'aria-label="breadcrumb"',
    ]);
    expect(probe('const a = <p><span aria-hidden="true">+ ⚠ %</span>{t("b")}</p>;')).toEqual([]);
  });
});

describe('the exports’ catalogues', () => {
  const shape = (o: object): Map<string, unknown> => leaves(o);
  for (const [name, get] of [
    ['minutes (labels.ts)', exportLabels],
    ['decision log (log-labels.ts)', logLabels],
    ['a person’s data (person-labels.ts)', personLabels],
    ['partnership reports and notes (partnership-labels.ts)', partnershipLabels],
  ] as const) {
    it(`${name}: same keys in both languages, nothing empty`, () => {
      const f = shape(get('fr'));
      const e = shape(get('en'));
      expect([...f.keys()].sort()).toEqual([...e.keys()].sort());
      const empty = [...f, ...e].filter(([, v]) => typeof v === 'string' && !v.trim()).map(([k]) => k);
      // The French and English lists are not the same object.
      expect(get('fr')).not.toBe(get('en'));
      expect(empty).toEqual([]);
    });
  }

  it('the partnership report quotes the questionnaire’s statements as partners read them', () => {
    for (const [lang, catalogue] of [
      ['fr', fr],
      ['en', en],
    ] as const)
      expect(partnershipLabels(lang).questions, lang).toEqual(catalogue.questionnaire.q);
  });

  it('the exports take their words from these catalogues, not from code', () => {
    const dir = join(ROOT, 'src/core/exports');
    // log-json.ts states the rule to re-verify the hash chain, for programs rather than people.
    const files = sourceFiles(dir).filter((f) => !/(labels|log-json)\.ts$/.test(f));
    const found: string[] = [];
    for (const file of files) {
      const src = stripComments(readFileSync(file, 'utf8'));
      // A French or English sentence in a string literal: three words or more, with a capital
      // (an Error's message aside: the API reports those by code, see describeError).
      for (const m of src.matchAll(
        /(?<!Error\()(['"`])([A-ZÀ-Ý][\p{Ll}’']+(?: [\p{L}’']+){2,}[^'"`\n]*)\1/gu,
      )) {
        found.push(`${relative(ROOT, file)}: ${m[2]}`);
      }
    }
    expect(found).toEqual([]);
  });
});
