/**
 * `npm run bench`: runs every benchmark in bench/ (each .ts file but lib.ts and this one), one after
 * the other, each in its own process (so that one does not warm up or litter the heap of the next),
 * and prints a summary at the end.
 *
 *   npm run bench                         # all, with their default runs and time budgets (~25 min)
 *   npm run bench -- --runs 5 --budget 900  # passed on to each benchmark
 *   npm run bench -- --only minutes-reload
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT, RESULT_PREFIX } from './lib';

/** These first, in this order; then any other benchmark in bench/, by name. */
const FIRST = ['minutes-trace', 'minutes-reload', 'typing-latency'];
const BENCHMARKS = [
  ...FIRST,
  ...readdirSync(join(REPO_ROOT, 'bench'))
    .filter(
      (f) =>
        f.endsWith('.ts') && !f.startsWith('_') && !f.startsWith('seed-') && f !== 'lib.ts' && f !== 'run.ts',
    )
    .map((f) => f.slice(0, -'.ts'.length))
    .filter((name) => !FIRST.includes(name))
    .sort(),
];
/** A benchmark still running after this long is stopped (each also stops itself well before). */
const LIMIT_MS = 30 * 60_000;

interface Outcome {
  name: string;
  code: number | null;
  seconds: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each benchmark's own JSON
  result: any;
}

function runOne(name: string, args: string[]): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'bench', `${name}.ts`), ...args],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let result: unknown = null;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length));
      else console.log(line);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ name, code, seconds: (performance.now() - started) / 1000, result });
    });
  });
}

const ratio = (x: number) => `${x.toFixed(2)}x`;
const ms = (x: number) => `${x.toFixed(x >= 100 ? 0 : 2)} ms`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args.indexOf('--only');
  const names = only >= 0 ? [args[only + 1]!] : BENCHMARKS;
  const passOn = only >= 0 ? args.filter((_a, i) => i !== only && i !== only + 1) : args;
  const outcomes: Outcome[] = [];
  for (const name of names) {
    if (!BENCHMARKS.includes(name)) throw new Error(`No benchmark named ${name}: ${BENCHMARKS.join(', ')}`);
    console.log(`\n=== ${name} ===`);
    outcomes.push(await runOne(name, passOn));
  }

  console.log('\n=== summary ===');
  for (const o of outcomes) {
    const r = o.result;
    const head = `${o.name} (${o.seconds.toFixed(0)} s)`;
    if (o.code !== 0 || !r) {
      console.log(`${head}: FAILED (exit code ${o.code})`);
      continue;
    }
    if (o.name === 'minutes-trace') {
      for (const [k, s] of Object.entries(r.summaries as Record<string, Record<string, never>>)) {
        const s2 = s as unknown as {
          alone: { median: number };
          hub: { median: number; n: number };
          ratio: number;
          hubCpuMs?: { median: number };
          oneProcess?: { hub: { median: number }; ratio: number };
        };
        const one = s2.oneProcess;
        console.log(
          `${head} ${k}: alone ${ms(s2.alone.median)}, through the hub in its own process ${ms(s2.hub.median)} ` +
            `(n=${s2.hub.n}${s2.hubCpuMs ? `, hub CPU ${ms(s2.hubCpuMs.median)}` : ''}): ` +
            `${ratio(s2.ratio)} — target ≤ ${r.targetRatio}x ${s2.ratio <= r.targetRatio ? 'met' : 'NOT met'}` +
            (one ? `; all in one process ${ms(one.hub.median)}: ${ratio(one.ratio)}` : ''),
        );
      }
    } else if (o.name === 'minutes-reload') {
      for (const s of r.results as {
        state: string;
        load: { median: number };
        parse: { median: number };
        ratio: number;
      }[]) {
        console.log(
          `${head} ${s.state}: load ${ms(s.load.median)}, Yjs parse ${ms(s.parse.median)}: ${ratio(s.ratio)} — ` +
            `target ≤ ${r.targetRatio}x ${s.ratio <= r.targetRatio ? 'met' : 'NOT met'}`,
        );
      }
    } else if (o.name === 'typing-latency') {
      console.log(
        `${head}: per keystroke median ${ms(r.median.median)}, p95 ${ms(r.p95.median)} (medians of ${r.median.n} runs)`,
      );
    } else if (o.name === 'fan-out') {
      console.log(
        `${head}: update to all ${r.clients - 1} others p50 ${ms(r.hub.allP50.median)}, p99 ${ms(r.hub.allP99.median)} ` +
          `(bare relay p99 ${ms(r.bare.allP99.median)}: ${ratio(r.ratioP99)}) — target p99 < ${r.targetP99Ms} ms ` +
          `${r.hub.allP99.median < r.targetP99Ms ? 'met' : 'NOT met'}; hub memory ${(r.memory.perDocument / 1024).toFixed(0)} KiB a doc, ` +
          `${(r.memory.perConnection / 1024).toFixed(0)} KiB a connection`,
      );
    } else if (o.name === 'startup') {
      const web = r.browser.skipped
        ? `browser skipped (${r.browser.skipped})`
        : `browser: first paint ${ms(r.browser.fcp.median)}, editable and typed ${ms(r.browser.typed.median)} — target ≤ ${r.targets.editableMs} ms ${r.browser.typed.median <= r.targets.editableMs ? 'met' : 'NOT met'}`;
      console.log(
        `${head}: hub CLI listening ${ms(r.hubCli.median)} — target ≤ ${r.targets.hubMs} ms ${r.hubCli.median <= r.targets.hubMs ? 'met' : 'NOT met'}; ${web}; ` +
          `Electron ${r.electron.skipped ? `skipped: ${r.electron.skipped}` : `committees screen ${ms(r.electron.ready.median)}`}`,
      );
    } else if (o.name === 'years') {
      console.log(
        `${head}: ${r.ops.length} operations; ${r.stalls.length ? `stalls over 100 ms in: ${r.stalls.join('; ')}` : 'no stall over 100 ms'}`,
      );
    } else {
      console.log(`${head}: done (its results are above)`);
    }
  }
  const total = outcomes.reduce((n, o) => n + o.seconds, 0);
  console.log(`total ${Math.round(total)} s`);
  if (outcomes.some((o) => o.code !== 0)) process.exitCode = 1;
}

void main();
