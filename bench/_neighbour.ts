/**
 * A diagnosis, not a benchmark (bench/run.ts skips files starting with `_`): how much Yjs alone
 * slows down on CPU 0 when the other CPU does something. The trace benchmark compares A's typing
 * through the hub with Yjs alone on an idle machine; on a machine of 2 cores the hub runs on the
 * other one. Yjs replays the automerge-paper trace (replayAlone) pinned to CPU 0, while a process
 * pinned to CPU 1 does nothing, spins, streams through 256 MB of memory, or allocates small
 * objects. Linux only (taskset).
 *
 *   npx tsx bench/_neighbour.ts [--runs 3]
 */
import { execFileSync, spawn } from 'node:child_process';
import { fmtMs, loadTrace, replayAlone, runMain, runsFromArgs, threadCpuMs } from './lib';

const NEIGHBOURS: Record<string, string> = {
  idle: '',
  spinning: 'let x = 0; for (;;) x++;',
  'streaming memory':
    'const a = new Float64Array(32 * 1024 * 1024); for (;;) for (let i = 0; i < a.length; i += 8) a[i] += 1;',
  'allocating small objects':
    'let k = []; for (;;) { k.push({ a: Math.random(), b: [1, 2, 3] }); if (k.length > 1e5) k = []; }',
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const runs = runsFromArgs(3);
  const trace = loadTrace();
  execFileSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });
  replayAlone(trace).doc.destroy(); // warm-up
  for (let round = 0; round < runs; round++) {
    for (const [name, code] of Object.entries(NEIGHBOURS)) {
      const neighbour = code
        ? spawn('taskset', ['-c', '1', process.execPath, '-e', code], { stdio: 'ignore' })
        : null;
      try {
        await pause(300);
        const cpu0 = threadCpuMs(process.pid);
        const r = replayAlone(trace);
        const cpu = threadCpuMs(process.pid) - cpu0;
        r.doc.destroy();
        console.log(
          `round ${round + 1}, CPU 1 ${name}: Yjs alone ${fmtMs(r.ms)} (its thread's CPU ${fmtMs(cpu)})`,
        );
      } finally {
        neighbour?.kill('SIGKILL');
      }
      await pause(300);
    }
  }
}

runMain('neighbour', 600_000, main);
