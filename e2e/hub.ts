/**
 * Runs the real hub CLI as `npm run serve` does (`node out/main/hub.js`, built by electron-vite
 * before the browser tests, with the app and the export worker beside it) as a child process, on
 * its own data folder, and talks to its API as any client would.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Area,
  Consents,
  EngagementLevel,
  Language,
  MemberKind,
  QuorumRule,
  Role,
} from '../src/shared/domain';

/** A member as `members.add` returns them, with the token of their invitation link. */
export interface Added {
  member: { id: string; name: string };
  token: string;
}

/** A committee made through the API by the owner, to add members to and plan meetings in. */
export interface TestCommittee {
  id: string;
  /** `members.add`, as the owner; `more` sets what else the spec needs (consents, start date). */
  add(
    name: string,
    kind: MemberKind,
    role: Role,
    engagementLevel?: EngagementLevel,
    more?: { consents?: Consents; startDate?: string },
  ): Promise<Added>;
  /** `meetings.create`, as the owner. */
  meeting(meeting: {
    title: string;
    startsAt: string;
    place?: string;
    videoLink?: string;
  }): Promise<{ id: string; docName: string }>;
}

export class HubProcess {
  url = '';
  port = 0;
  readonly output: string[] = [];
  private child: ChildProcessWithoutNullStreams | null = null;

  constructor(
    readonly dataDir: string,
    readonly ownerToken: string,
  ) {}

  static tempDataDir(): string {
    return mkdtempSync(join(tmpdir(), 'coconstruct-e2e-'));
  }

  /**
   * Starts the hub and resolves once it prints `listening on http://HOST:PORT`; `host` 0.0.0.0
   * opens it to the network (the address to reach it from here is then 127.0.0.1).
   */
  start(port = this.port, host?: string): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        'out/main/hub.js',
        '--port',
        String(port),
        '--data',
        this.dataDir,
        '--token',
        this.ownerToken,
        ...(host ? ['--host', host] : []),
      ],
      { stdio: 'pipe' },
    );
    this.child = child;
    return new Promise((resolve, reject) => {
      let buffered = '';
      const onData = (chunk: Buffer) => {
        buffered += chunk.toString();
        this.output.push(chunk.toString());
        const m = /listening on (http:\/\/[^\s]+):(\d+)/.exec(buffered);
        if (m) {
          this.url = `${m[1]!.replace('//0.0.0.0', '//127.0.0.1')}:${m[2]}`;
          this.port = Number(m[2]);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (c: Buffer) => this.output.push(c.toString()));
      child.once('exit', (code) => reject(new Error(`hub exited with ${code}:\n${this.output.join('')}`)));
    });
  }

  /** SIGTERM, and wait for the clean exit. */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    this.child = null;
    return exited;
  }

  async api<T>(method: string, input: unknown, token = this.ownerToken): Promise<T> {
    const res = await fetch(`${this.url}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as T;
    if (!res.ok) throw new Error(`${method}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  }

  /** `committees.create`, as the owner. */
  async committee(committee: {
    name: string;
    area: Area;
    mandate?: string;
    language?: Language;
    quorum?: QuorumRule;
  }): Promise<TestCommittee> {
    const { id } = await this.api<{ id: string }>('committees.create', committee);
    return {
      id,
      add: (name, kind, role, engagementLevel = 'partnership', more = {}) =>
        this.api<Added>('members.add', { committeeId: id, name, kind, role, engagementLevel, ...more }),
      meeting: (meeting) => this.api('meetings.create', { committeeId: id, ...meeting }),
    };
  }

  /** An invitation link, as a member would receive it, optionally straight to a route. */
  joinLink(token: string, to = '/'): string {
    return `${this.url}/#token=${encodeURIComponent(token)}&to=${encodeURIComponent(to)}`;
  }

  removeData(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
