/**
 * Everything the app holds about one person, for them: a page to read (HTML, in the committee's
 * language, plain words) and the same as JSON, together in a ZIP.
 */
import { strToU8, zipSync } from 'fflate';
import type { Language } from '../../shared/domain';
import type { ExportedFile } from '../../shared/minutes';
import { safeFilename } from './common';
import { exportLabels } from './labels';
import { logLabels } from './log-labels';
import { personLabels } from './person-labels';

/** What a person's export holds (the JSON file is exactly this). */
export interface PersonData {
  format: 'coconstruct.person';
  version: 1;
  exportedAt: string;
  committee: { id: string; name: string; language: Language };
  profile: {
    id: string;
    name: string;
    kind: string;
    role: string;
    engagementLevel: string;
    mandate: string;
    startDate: string | null;
    endDate: string | null;
    joinedAt: string;
    leftAt: string | null;
  };
  consents: { named: boolean; contact: boolean };
  rectifications: { fields: string[]; changedAt: string }[];
  attendance: { meeting: string; startsAt: string; status: string }[];
  speakingTurns: { meeting: string; agendaItem: string | null; startedAt: string; seconds: number }[];
  agendaItems: { meeting: string; title: string; proposed: boolean; presented: boolean }[];
  comments: { meeting: string; quote: string; text: string; createdAt: string; reply: boolean }[];
  decisions: {
    meeting: string;
    title: string;
    status: string;
    proposed: boolean;
    spoke: boolean;
    position: string | null;
    /** Their ballot in a named vote; secret votes are counted without names. */
    ballot: string | null;
  }[];
  actions: { title: string; dueDate: string | null; status: string }[];
  minutes: {
    meeting: string;
    inserted: number;
    deleted: number;
    /** The passages they wrote that still stand in the minutes, in order. */
    passages: string[];
  }[];
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function renderHtml(p: PersonData): string {
  const lang = p.committee.language;
  const w = personLabels(lang);
  const labels = exportLabels(lang);
  const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');
  const list = (items: string[]) =>
    items.length ? `<ul>\n${items.map((i) => `<li>${i}</li>`).join('\n')}\n</ul>` : `<p>${w.none}</p>`;
  const section = (title: string, body: string) => `<section>\n<h2>${esc(title)}</h2>\n${body}\n</section>`;
  const pr = p.profile;
  const kinds = labels.kinds as Record<string, string>;
  const roles = labels.roles as Record<string, string>;
  const levels: Record<string, string> = w.levels;
  const attendance = labels.attendanceGroups as Record<string, string>;
  const positions = logLabels(lang).positions as Record<string, string>;
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><title>${esc(w.title(pr.name))}</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}blockquote{border-left:3px solid #888;margin:0.5rem 0;padding-left:0.75rem}</style></head>
<body>
<h1>${esc(w.title(pr.name))}</h1>
<p>${esc(w.intro(p.committee.name, day(p.exportedAt)))}</p>
${section(
  w.profile,
  `<dl>
<dt>${w.name}</dt><dd>${esc(pr.name)}</dd>
<dt>${w.kind}</dt><dd>${esc(kinds[pr.kind] ?? pr.kind)}</dd>
<dt>${w.role}</dt><dd>${esc(roles[pr.role] ?? pr.role)}</dd>
<dt>${w.level}</dt><dd>${esc(levels[pr.engagementLevel] ?? pr.engagementLevel)}</dd>
<dt>${w.mandate}</dt><dd>${esc(pr.mandate || '—')}</dd>
<dt>${w.dates}</dt><dd>${day(pr.startDate)} – ${day(pr.endDate)}</dd>
<dt>${w.joined}</dt><dd>${day(pr.joinedAt)}</dd>
${pr.leftAt ? `<dt>${w.left}</dt><dd>${day(pr.leftAt)}</dd>` : ''}
</dl>`,
)}
${section(
  w.consents,
  list([
    `${w.named} : ${p.consents.named ? w.yes : w.no}`,
    `${w.contact} : ${p.consents.contact ? w.yes : w.no}`,
  ]),
)}
${section(w.rectifications, list(p.rectifications.map((r) => esc(w.changed(r.fields.join(', '), day(r.changedAt))))))}
${section(w.attendance, list(p.attendance.map((a) => `${esc(a.meeting)} (${day(a.startsAt)}) : ${esc(attendance[a.status] ?? a.status)}`)))}
${section(w.turns, list(p.speakingTurns.map((t) => `${esc(t.meeting)}${t.agendaItem ? ` — ${esc(t.agendaItem)}` : ''} : ${w.seconds(t.seconds)}`)))}
${section(
  w.items,
  list(
    p.agendaItems.map(
      (i) =>
        `${esc(i.title)} (${esc(i.meeting)}) — ${[i.proposed ? w.proposed : '', i.presented ? w.presented : ''].filter(Boolean).join(', ')}`,
    ),
  ),
)}
${section(w.comments, list(p.comments.map((c) => `${esc(c.meeting)} : « ${esc(c.quote)} » — ${esc(c.text)}`)))}
${section(
  w.decisions,
  `${list(
    p.decisions.map(
      (d) =>
        `<strong>${esc(d.title)}</strong> (${esc(d.meeting)}) — ${[
          d.proposed ? w.youProposed : '',
          d.spoke ? w.youSpoke : '',
          d.position ? `${w.position} : ${esc(d.position)}` : '',
          d.ballot ? `${w.ballot} : ${esc(positions[d.ballot] ?? d.ballot)}` : '',
        ]
          .filter(Boolean)
          .join(' ; ')}`,
    ),
  )}\n<p>${w.secret}</p>`,
)}
${section(w.actions, list(p.actions.map((a) => `${esc(a.title)}${a.dueDate ? ` (${a.dueDate})` : ''}`)))}
${section(
  w.minutes,
  p.minutes.length
    ? p.minutes
        .map(
          (m) =>
            `<h3>${esc(m.meeting)}</h3>\n<p>${w.counts(m.inserted, m.deleted)}</p>\n${m.passages.map((x) => `<blockquote>${esc(x)}</blockquote>`).join('\n')}`,
        )
        .join('\n')
    : `<p>${w.none}</p>`,
)}
</body>
</html>
`;
}

export function exportPerson(p: PersonData): ExportedFile {
  const w = personLabels(p.committee.language);
  const data = zipSync({
    [`${w.file}.html`]: strToU8(renderHtml(p)),
    [`${w.file}.json`]: strToU8(`${JSON.stringify(p, null, 2)}\n`),
  });
  return {
    filename: `${safeFilename(`${p.profile.name} - ${w.file}`, w.file)}.zip`,
    contentType: 'application/zip',
    data,
  };
}
