/**
 * Benchmark: exporting a decision log of 10,000 decisions (CSV, Markdown, JSON, DOCX, PDF).
 *
 * The committee (French, 12 members of whom 3 do not consent to be named, 50 meetings of 4 agenda
 * items) is made through the API; its 10,000 decisions are written straight through
 * DecisionsRepo.append and upsertDecision (as decisions.decide, amend and rescind do), in one
 * transaction: 80% adopted (a tenth of them then amended, some twice), 8% rejected, 5% deferred,
 * 4% rescinded, 3% still proposed; named and secret votes, influence and evidence, speakers.
 *
 * For each format it measures:
 *   - read:    decisionLogSource through a read-only connection, as the worker thread reads
 *              the log (rows as stored, members, meetings, agenda items from the documents);
 *   - render:  exportDecisionLog (parse, verify, model, layout), as the worker thread lays it out;
 *   - hub:     POST /api/decisions.export on the real hub (its CLI, in a process of its own, as
 *              `npm run serve` runs it), to the last byte, while another client asks GET /healthz
 *              every 25 ms: the longest /healthz wait shows whether the hub kept answering.
 *
 *   npx tsx bench/decision-log-export.ts [--runs 3] [--decisions 10000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Core } from '../src/core';
import Database from 'better-sqlite3';
import { decisionLogSource, exportDecisionLog, type LogStores } from '../src/core/exports/log';
import { agendaRefs } from '../src/core/exports/log-record';
import { DB_FILE } from '../src/core/store/db';
import { DecisionsRepo } from '../src/core/store/decisions-repo';
import { DocStore } from '../src/core/store/docs';
import { Repos } from '../src/core/store/repos';
import type { Decision, LogExportFormat, Position } from '../src/shared/decisions';
import { LOG_EXPORT_FORMATS } from '../src/shared/decisions';
import type { Committee } from '../src/shared/domain';
import {
  OWNER_TOKEN,
  REPO_ROOT,
  fmtBytes,
  fmtMs,
  fmtSummary,
  machine,
  openCore,
  printMachine,
  printResult,
  removeDir,
  runMain,
  runsFromArgs,
  summarize,
  tempDir,
  type Summary,
} from './lib';

const OWNER = { kind: 'owner' } as const;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (() => void) | undefined;
/** A full collection between measurements, so that one does not pay for the garbage of the one before. */
const collectGarbage = () => gc?.();
const RUNS = runsFromArgs(3, 20);
const DECISIONS = (() => {
  const i = process.argv.indexOf('--decisions');
  const n = i >= 0 ? Number(process.argv[i + 1]) : 10_000;
  if (!Number.isInteger(n) || n < 1) throw new Error('--decisions takes a whole number');
  return n;
})();

/** Seeds the committee and its decisions; returns the committee. */
function seed(core: Core, count: number): Committee {
  const committee = core.call(OWNER, 'committees.create', {
    name: 'Comité des usagers',
    area: 'care-and-services',
    mandate: 'Améliorer l’accueil et l’expérience des usagers',
    language: 'fr',
  });
  const members = Array.from(
    { length: 12 },
    (_, i) =>
      core.call(OWNER, 'members.add', {
        committeeId: committee.id,
        name: `${['Amina', 'Benoît', 'Chloé', 'Gaëlle', 'François', 'Denis'][i % 6]} Tremblay-Côté ${i + 1}`,
        kind: i % 3 === 0 ? 'patient-partner' : i % 3 === 1 ? 'professional' : 'caregiver-partner',
        role: i < 2 ? 'co-chair' : i === 2 ? 'secretary' : 'member',
        engagementLevel: 'partnership',
        consents: { named: i % 4 !== 3, contact: true },
      }).member,
  );
  const meetings = Array.from({ length: 50 }, (_, i) =>
    core.call(OWNER, 'meetings.create', {
      committeeId: committee.id,
      title: `Rencontre nº ${i + 1}`,
      startsAt: new Date(Date.UTC(2024, 0, 10 + 14 * i, 23)).toISOString(),
    }),
  );
  const items = meetings.map((m) =>
    ['Accueil aux urgences', 'Plan d’action « Premier contact »', 'Budget', 'Varia'].map((title, j) =>
      core.call(OWNER, 'agenda.add', {
        meetingId: m.id,
        title,
        purpose: (['decision', 'deliberation', 'consultation', 'information'] as const)[j],
      }),
    ),
  );

  const repo = core.decisions;
  core.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const mi = Math.floor((i * meetings.length) / count);
      const meeting = meetings[mi]!;
      const item = items[mi]![i % 4]!;
      const roll = i % 100;
      const named = i % 3 !== 0;
      const ballots: Record<string, Position> = {};
      if (named)
        members
          .slice(0, 8)
          .forEach((m, k) => (ballots[m.id] = k < 6 ? 'for' : k < 7 ? 'against' : 'abstain'));
      const base: Decision = {
        id: randomUUID(),
        meetingId: meeting.id,
        agendaItemId: item.id,
        title: `Décision ${i + 1} : élargir l’accueil « Premier contact » à l’unité ${i % 37}`,
        text: `Le comité recommande d’étendre le projet « Premier contact » à l’unité ${i % 37}, avec un pair aidant à l’entrée, et d’en faire le bilan à l’automne ; la coordination, les proches et l’équipe de soins y collaborent.`,
        rationale:
          'Les résultats du bilan sont probants : délais d’attente réduits de 20 %, satisfaction des usagers en hausse, « œuvre commune » saluée par les familles.',
        mode: i % 5 === 0 ? 'consensus' : 'vote',
        vote: i % 5 === 0 ? null : { for: 6, against: 1, abstain: 1, secret: !named, ballots },
        positions: i % 7 === 0 ? { [members[3]!.id]: 'Pour, à condition d’un bilan public.' } : {},
        proposedBy: members[i % members.length]!.id,
        speakers: [members[(i + 1) % 12]!.id, members[(i + 3) % 12]!.id, members[(i + 7) % 12]!.id],
        influence: {
          level: (['none', 'informed', 'shaped', 'co-decided'] as const)[i % 4]!,
          evidence:
            i % 4 >= 2
              ? 'Heures de soirée ajoutées à la demande des partenaires, et « accueil bilingue ».'
              : '',
        },
        status: 'proposed',
        createdAt: meeting.startsAt,
        logEntryId: null,
      };
      const save = (d: Decision, decidedAt: string | null) =>
        repo.upsertDecision(d, {
          committeeId: committee.id,
          purpose: item.purpose,
          meetingStartsAt: meeting.startsAt,
          decidedAt,
        });
      if (roll >= 97) {
        save(base, null);
        continue;
      }
      const outcome = roll < 80 ? 'adopted' : roll < 88 ? 'rejected' : roll < 93 ? 'deferred' : 'adopted';
      let d: Decision = { ...base, status: outcome };
      let entry = repo.append({
        committeeId: committee.id,
        meetingId: meeting.id,
        decisionId: d.id,
        kind: outcome,
        amendsEntryId: null,
        content: d,
        createdBy: members[0]!.id,
      });
      const amendments = roll < 8 ? 1 : roll < 10 ? 2 : 0;
      for (let a = 0; a < amendments; a++) {
        d = {
          ...d,
          text: `${d.text} Précision nº ${a + 1}.`,
          status: 'amended',
          amendmentReason: 'Précision demandée à la rencontre suivante.',
        };
        entry = repo.append({
          committeeId: committee.id,
          meetingId: meeting.id,
          decisionId: d.id,
          kind: 'amended',
          amendsEntryId: entry.id,
          content: d,
          createdBy: members[1]!.id,
        });
      }
      if (roll >= 93) {
        d = { ...d, status: 'rescinded', rescissionReason: 'Remplacée par une décision ultérieure.' };
        entry = repo.append({
          committeeId: committee.id,
          meetingId: meeting.id,
          decisionId: d.id,
          kind: 'rescinded',
          amendsEntryId: entry.id,
          content: d,
          createdBy: members[1]!.id,
        });
      }
      save({ ...d, logEntryId: entry.id }, entry.createdAt);
    }
  })();
  return committee;
}

interface FormatResult {
  format: LogExportFormat;
  bytes: number;
  read: Summary;
  render: Summary;
  hub: Summary;
  /** The longest /healthz answer during each hub export. */
  healthzMax: Summary;
  healthzCount: number;
}

async function main(): Promise<void> {
  const m = machine();
  printMachine(m);
  const dir = tempDir();
  let hub: ChildProcess | null = null;
  try {
    const core = openCore(dir);
    let t = performance.now();
    const committee = seed(core, DECISIONS);
    const seedMs = performance.now() - t;
    const entries = core.decisions.verify(committee.id).entries;
    console.log(`seeded ${DECISIONS} decisions (${entries} log entries) in ${fmtMs(seedMs)}`);
    core.close();

    // In this thread, what the hub's worker does: read the log through a read-only connection of
    // its own (in one read transaction), then lay it out.
    const db = new Database(join(dir, DB_FILE), { readonly: true, fileMustExist: true });
    const docStore = new DocStore(db);
    const stores: LogStores = {
      repos: new Repos(db),
      decisions: new DecisionsRepo(db),
      agenda: (meeting) => agendaRefs(docStore.load(meeting.docName)),
    };
    const inThread = new Map<LogExportFormat, { read: number[]; render: number[]; bytes: number }>();
    for (const format of LOG_EXPORT_FORMATS) {
      const r = { read: [] as number[], render: [] as number[], bytes: 0 };
      for (let run = 0; run < RUNS; run++) {
        collectGarbage();
        t = performance.now();
        const source = db.transaction(() =>
          decisionLogSource(stores, committee, { committeeId: committee.id }, new Date().toISOString()),
        )();
        r.read.push(performance.now() - t);
        t = performance.now();
        r.bytes = exportDecisionLog(source, format).data.byteLength;
        r.render.push(performance.now() - t);
      }
      inThread.set(format, r);
      console.log(
        `${format}: ${fmtBytes(r.bytes)}; read ${fmtSummary(summarize(r.read))}; render ${fmtSummary(summarize(r.render))}`,
      );
    }
    db.close();

    // Through the hub, in a process of its own (as `npm run serve` runs it), while this process
    // asks it GET /healthz every 25 ms.
    const started = await startHubProcess(dir);
    hub = started.child;
    t = performance.now();
    await exportOverHub(started.url, committee.id, 'csv');
    console.log(
      `worker warm-up (its first start compiles the exports' sources): ${fmtMs(performance.now() - t)}`,
    );

    const results: FormatResult[] = [];
    for (const format of LOG_EXPORT_FORMATS) {
      const viaHub: number[] = [];
      const healthzMax: number[] = [];
      let healthzCount = 0;
      for (let run = 0; run < RUNS; run++) {
        const probe = probeHealthz(started.url);
        t = performance.now();
        const size = await exportOverHub(started.url, committee.id, format);
        viaHub.push(performance.now() - t);
        const waits = await probe.stop();
        if (!size) throw new Error(`${format}: an empty file`);
        healthzMax.push(Math.max(...waits));
        healthzCount += waits.length;
      }
      const mine = inThread.get(format)!;
      const r: FormatResult = {
        format,
        bytes: mine.bytes,
        read: summarize(mine.read),
        render: summarize(mine.render),
        hub: summarize(viaHub),
        healthzMax: summarize(healthzMax),
        healthzCount,
      };
      results.push(r);
      console.log(
        `${format}: through the hub ${fmtSummary(r.hub)}; longest /healthz wait meanwhile ${fmtSummary(r.healthzMax)} ` +
          `(${healthzCount} answers)`,
      );
    }
    printResult({ machine: m, decisions: DECISIONS, entries, seedMs, runs: RUNS, results });
  } finally {
    if (hub) await stopHubProcess(hub);
    removeDir(dir);
  }
}

/** The hub's CLI on `dir`, on a free port: resolves once it prints `listening on`. */
function startHubProcess(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(REPO_ROOT, 'src/hub/cli.ts'),
      '--data',
      dir,
      '--token',
      OWNER_TOKEN,
      '--port',
      '0',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The hub did not start within 60 s.')), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^listening on (http:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    });
    child.once('exit', (code) => reject(new Error(`The hub exited (${code}) before it listened.`)));
  });
}

function stopHubProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The export over HTTP, read to its last byte; returns its size. */
async function exportOverHub(url: string, committeeId: string, format: LogExportFormat): Promise<number> {
  const res = await fetch(`${url}/api/decisions.export`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OWNER_TOKEN}` },
    body: JSON.stringify({ committeeId, format }),
  });
  const bytes = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${format}: ${res.status} ${new TextDecoder().decode(bytes)}`);
  return bytes.byteLength;
}

/** Asks GET /healthz every 25 ms until stopped; returns how long each answer took. */
function probeHealthz(url: string): { stop(): Promise<number[]> } {
  const waits: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      try {
        await (await fetch(`${url}/healthz`)).arrayBuffer();
        waits.push(performance.now() - t);
      } catch {
        // A kept-alive connection that the hub closed as it was reused: the client's race, not
        // the hub's answer. Asked again.
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return waits;
    },
  };
}

runMain('decision-log-export', 60 * 60_000, main);
