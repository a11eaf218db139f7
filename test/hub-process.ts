/**
 * The real hub CLI (src/hub/cli.ts) in a child process, for tests that kill it. By default the CLI
 * is bundled once with esbuild (the same sources, its packages left as imports) and run with plain
 * `node`, which starts in about half a second instead of tsx's two; `HUB_RUNNER=tsx` runs the
 * sources through tsx instead (`node --import tsx src/hub/cli.ts`). (`npm run serve`, the browser
 * tests and the benchmarks run the hub built by electron-vite, out/main/hub.js; the unit tests run
 * before that build.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { within } from './helpers';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** One per test process: a run that goes on for an hour keeps the code it started with. */
const BUNDLE_DIR = join(ROOT, 'out/test-hub', String(process.pid));
const BUNDLE = join(BUNDLE_DIR, 'cli.mjs');

let built: Promise<void> | null = null;

/** Bundles src/hub/cli.ts into out/test-hub/<pid>/cli.mjs (once per test process). */
function bundle(): Promise<void> {
  if (!built) process.on('exit', () => rmSync(BUNDLE_DIR, { recursive: true, force: true }));
  built ??= build({
    entryPoints: [join(ROOT, 'src/hub/cli.ts')],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  }).then(() => undefined);
  return built;
}

/** A port nobody listens on right now (the hub is then started on it again and again). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningHub {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | string>;
}

/** Starts the CLI on `port` and `dataDir`; resolves once it prints `listening on …`. */
export async function startHubProcess(port: number, dataDir: string, token: string): Promise<RunningHub> {
  const tsx = process.env.HUB_RUNNER === 'tsx';
  if (!tsx) await bundle();
  const entry = tsx ? ['--import', 'tsx', 'src/hub/cli.ts'] : [BUNDLE];
  const child = spawn(
    process.execPath,
    [...entry, '--port', String(port), '--data', dataDir, '--token', token],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (out += s));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const url = await within(
    new Promise<string>((resolve, reject) => {
      const look = () => {
        const m = /^listening on (http:\/\/\S+)$/m.exec(out);
        if (m) resolve(m[1]!);
      };
      child.stdout!.on('data', look);
      void exited.then((code) => reject(new Error(`the hub exited (${code}) before listening:\n${out}`)));
    }),
    30_000,
    'the hub to print "listening on"',
  ).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  return { url, child, output: () => out, exited };
}
