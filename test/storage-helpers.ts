/** Helpers of the storage and CLI tests: file fingerprints, the hub CLI as its own process, phrase search. */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defer, within } from './helpers';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** SHA-256 of every file under `dir` (recursively), by relative path. */
export function fingerprints(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub))) {
      const rel = sub ? `${sub}/${name}` : name;
      const path = join(dir, rel);
      if (statSync(path).isDirectory()) walk(rel);
      else out[rel] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk('');
  return out;
}

/** The files of the database and of every backup in a data folder (those that exist). */
export function workspaceFiles(dir: string): string[] {
  const files = ['coconstruct.sqlite', 'coconstruct.sqlite-wal', 'coconstruct.sqlite-shm']
    .map((f) => join(dir, f))
    .filter((f) => existsSync(f));
  const backups = join(dir, 'backups');
  if (existsSync(backups)) for (const b of readdirSync(backups)) files.push(join(backups, b));
  return files;
}

/** The files whose bytes hold `phrase`, in UTF-8, UTF-16LE or UTF-16BE. */
export function filesContaining(files: string[], phrase: string): string[] {
  const needles = [
    Buffer.from(phrase, 'utf8'),
    Buffer.from(phrase, 'utf16le'),
    Buffer.from(phrase, 'utf16le').swap16(),
  ];
  return files.filter((f) => {
    const bytes = readFileSync(f);
    return needles.some((n) => bytes.includes(n));
  });
}

export interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | string>;
}

/** `src/hub/cli.ts` as its own process (optionally as another user); gone after the test. */
export function runCli(args: string[], opts: Pick<SpawnOptions, 'uid' | 'gid' | 'env'> = {}): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/hub/cli.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    uid: opts.uid,
    gid: opts.gid,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s));
  let exited = false;
  const exit = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      exited = true;
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  defer(async () => {
    if (exited) return;
    child.kill('SIGTERM');
    try {
      await within(exit, 5000, 'the CLI to exit');
    } catch {
      process.kill(-child.pid!, 'SIGKILL');
    }
  });
  return { child, stdout: () => out, stderr: () => err, exit };
}
