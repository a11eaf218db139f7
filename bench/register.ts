/**
 * The decision register of a committee with 10,000 decisions: opening it (the first page and the
 * total), filtering, and full-text search (accents ignored), through the core's API as both doors
 * call it, and over HTTP through the real hub.
 *
 *   npx tsx bench/register.ts [--runs 7]
 */
import { startHub } from '../src/hub/server';
import { seedDecisions } from './seed-decisions';
import {
  OWNER_TOKEN,
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
} from './lib';

const OWNER = { kind: 'owner' } as const;
const RUNS = runsFromArgs(7, 50);
const DECISIONS = 10_000;

async function main(): Promise<void> {
  printMachine(machine());
  const dir = tempDir();
  const core = openCore(dir);
  try {
    const committee = seedDecisions(core, DECISIONS);
    const hub = await startHub({ core, port: 0 });
    const queries: Record<string, Record<string, unknown>> = {
      'open (first 50, total)': {},
      'filter: adopted, shaped or co-decided': { status: ['adopted'], influence: ['shaped', 'co-decided'] },
      'filter: one person': { memberId: core.repos.listMembers(committee.id)[4]!.id },
      'filter: a date range': { from: '2024-06-01T00:00:00Z', to: '2024-09-30T23:59:59Z' },
      'search: "premier contact"': { q: 'premier contact' },
      'search without accents: "equipe soins"': { q: 'equipe soins' },
      'search, rare word: "bilingue"': { q: 'bilingue' },
    };
    const results: Record<
      string,
      { total: number; core: ReturnType<typeof summarize>; hub: ReturnType<typeof summarize> }
    > = {};
    for (const [name, filter] of Object.entries(queries)) {
      const input = { committeeId: committee.id, limit: 50, ...filter };
      const coreTimes: number[] = [];
      const hubTimes: number[] = [];
      let total = 0;
      for (let i = 0; i <= RUNS; i++) {
        let t = performance.now();
        total = (core.call(OWNER, 'decisions.register', input) as { total: number }).total;
        const c = performance.now() - t;
        t = performance.now();
        const res = await fetch(`${hub.url}/api/decisions.register`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${OWNER_TOKEN}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(input),
        });
        await res.json();
        const h = performance.now() - t;
        if (i > 0) {
          coreTimes.push(c);
          hubTimes.push(h);
        }
      }
      results[name] = { total, core: summarize(coreTimes), hub: summarize(hubTimes) };
      console.log(
        `${name}: ${total} decisions; core ${fmtSummary(results[name].core)}; hub ${fmtSummary(results[name].hub)}`,
      );
    }
    await hub.close();
    printResult({ decisions: DECISIONS, runs: RUNS, results });
  } finally {
    core.close();
    removeDir(dir);
  }
}

runMain('register', 20 * 60_000, main);
