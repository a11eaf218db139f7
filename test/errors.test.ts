/**
 * The API's errors reach users in their language: besides the `code` and the English `message`
 * of the hub contract, an error a user can meet in a form carries a stable `reason` and its
 * `params`, and the renderer's catalogues say every such reason in French and in English.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, ERROR_CODES } from '../src/shared/api';
import { describeError } from '../src/renderer/src/errors';
import { en } from '../src/renderer/src/locales/en';
import { fr } from '../src/renderer/src/locales/fr';
import {
  OWNER_TOKEN,
  call,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  type Committee1,
  type TestHub,
} from './helpers';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let t: TestHub;
let a: Committee1;

beforeAll(async () => {
  t = await startTestHub();
  a = await seedCommittee(t.hub);
  await i18next.init({
    lng: 'fr',
    fallbackLng: false,
    showSupportNotice: false,
    resources: { en: { translation: en }, fr: { translation: fr } },
    interpolation: { escapeValue: false },
  });
});
afterAll(runDeferred);

/** What the user reads for the hub's answer, in `lng`. */
async function shown(body: unknown, lng: 'fr' | 'en'): Promise<string> {
  await i18next.changeLanguage(lng);
  return describeError(ApiError.fromBody(body), i18next.t);
}

describe('errors a user can meet, in French and in English', () => {
  it('403: an observer may not change the agenda', async () => {
    const answer = await post(t.hub, a.observer.token, 'agenda.add', {
      meetingId: a.meeting.id,
      title: 'Point',
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('observer'),
      reason: 'role_forbidden',
      params: { role: 'observer' },
    });
    expect(await shown(answer.body, 'fr')).toBe(
      'Votre rôle (Observateur·trice) ne permet pas de faire cela. Demandez à une coprésidence.',
    );
    expect(await shown(answer.body, 'en')).toBe('Your role (Observer) does not allow this. Ask a co-chair.');
  });

  it('400: an invalid field keeps its readable message and says which field', async () => {
    const answer = await post(t.hub, OWNER_TOKEN, 'committees.create', { name: '', area: 'governance' });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: 'invalid_input',
      reason: 'invalid_field',
      params: { field: 'name' },
    });
    expect(answer.body.error.message).toMatch(/^Invalid input for committees\.create: name /);
    expect(answer.body.error.params).toEqual({ field: 'name', problem: 'required' });
    expect(await shown(answer.body, 'fr')).toBe('Remplissez le nom : c’est obligatoire.');
    expect(await shown(answer.body, 'en')).toBe('Write the name: it is required.');
    // A field the catalogues do not name: the general message, still in the reader's language.
    const odd = { error: { ...answer.body.error, params: { field: 'quorum.value', problem: 'invalid' } } };
    expect(await shown(odd, 'fr')).toBe(fr.errors.codes.invalid_input);
  });

  it('404 and 409: a missing meeting, the floor before the meeting starts', async () => {
    const missing = await post(t.hub, OWNER_TOKEN, 'meetings.get', { id: 'nope' });
    expect(missing.status).toBe(404);
    expect(await shown(missing.body, 'fr')).toBe('Cette rencontre n’existe plus.');
    const early = await post(t.hub, a.coChair.token, 'floor.give', {
      meetingId: a.meeting.id,
      memberId: a.member.member.id,
    });
    expect(early.status).toBe(409);
    expect(await shown(early.body, 'en')).toBe('Start the meeting first.');
    expect(await shown(early.body, 'fr')).toBe('Commencez d’abord la rencontre.');
  });

  it('a domain value in the params is said in the reader’s language', async () => {
    await call(t.hub, a.secretary.token, 'minutes.circulate', { meetingId: a.meeting.id });
    const again = await post(t.hub, a.secretary.token, 'minutes.circulate', { meetingId: a.meeting.id });
    expect(again.status).toBe(409);
    expect(again.body.error.params).toEqual({ status: 'circulated' });
    expect(await shown(again.body, 'en')).toBe(
      'This cannot be done while the minutes are at this stage: Circulated for review.',
    );
  });

  it('an error without a known reason falls back to its code, never to the English message', async () => {
    const body = {
      error: { code: 'conflict', message: 'Some new English text.', reason: 'not_in_catalogue' },
    };
    expect(await shown(body, 'fr')).toBe(fr.errors.codes.conflict);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The third argument of every `new ApiError(…)`, and every `reason: '…'` in the renderer. */
function reasonsInCode(): { reason: string; where: string }[] {
  const found: { reason: string; where: string }[] = [];
  for (const file of ['src/core', 'src/hub', 'src/shared', 'src/main', 'src/renderer/src'].flatMap((d) =>
    sourceFiles(join(ROOT, d)),
  )) {
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/new ApiError\(/g)) {
      // Read the arguments up to the matching parenthesis, splitting at top-level commas.
      const args: string[] = [];
      let depth = 0;
      let current = '';
      let quote: string | null = null;
      for (let i = m.index + m[0].length; i < src.length; i++) {
        const c = src[i]!;
        if (quote) {
          current += c;
          if (c === '\\') current += src[++i];
          else if (c === quote) quote = null;
          continue;
        }
        if (c === "'" || c === '"' || c === '`') quote = c;
        if (c === '(' || c === '{' || c === '[') depth++;
        if (c === ')' || c === '}' || c === ']') {
          if (depth === 0) break;
          depth--;
        }
        if (c === ',' && depth === 0) {
          args.push(current.trim());
          current = '';
        } else current += c;
      }
      if (current.trim()) args.push(current.trim());
      const reason = /^'(\w+)'$/.exec(args[2] ?? '');
      if (reason) found.push({ reason: reason[1]!, where: relative(ROOT, file) });
    }
    // (Only the renderer builds reasons itself; elsewhere `reason: '…'` names other things.)
    if (file.includes('/src/renderer/'))
      for (const r of src.matchAll(/\breason: '(\w+)'(?! \|)/g))
        found.push({ reason: r[1]!, where: relative(ROOT, file) });
  }
  return found;
}

describe('the catalogues say every reason the code gives', () => {
  it('in both languages', () => {
    const found = reasonsInCode();
    expect(found.length).toBeGreaterThan(30);
    const missing = found
      .filter(
        ({ reason }) =>
          reason !== 'invalid_field' && reason !== 'unreadable_error' && reason !== 'unknown_method',
      )
      .flatMap(({ reason, where }) =>
        (['en', 'fr'] as const)
          .filter((lng) => !(reason in { en, fr }[lng].errors.reasons))
          .map((lng) => `${lng}: errors.reasons.${reason} (${where})`),
      );
    expect(missing).toEqual([]);
  });
});

describe('the screens say an error through describeError', () => {
  it('never show an error’s own (English) message', () => {
    // The privacy panels still do: their errors (an erasure refused for a name two members share…)
    // need reasons of their own first, or they would read as the vague code's words.
    const notYet = /components\/(PrivacySection|MemberPrivacy)\.tsx$/;
    const shown = sourceFiles(join(ROOT, 'src/renderer/src'))
      .filter((file) => !notYet.test(file))
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/\bas Error\)\.message\b/g)].map(
          (m) => `${relative(ROOT, file)}:${readFileSync(file, 'utf8').slice(0, m.index).split('\n').length}`,
        ),
      );
    expect(shown).toEqual([]);
  });
});

describe('the catalogues say every error code', () => {
  it('in both languages, so that an error without a reason still reads as words', () => {
    const missing = ERROR_CODES.flatMap((code) =>
      (['en', 'fr'] as const)
        .filter((lng) => !(code in { en, fr }[lng].errors.codes))
        .map((lng) => `${lng}: errors.codes.${code}`),
    );
    expect(missing).toEqual([]);
  });
});
