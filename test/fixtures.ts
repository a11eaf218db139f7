/**
 * Helpers shared by the tests of committees, members, meetings, the agenda and the run of a
 * meeting (on top of helpers.ts): a clock the test moves by hand, refusals read the way a user
 * reads them, and a few API shortcuts.
 */
import { expect } from 'vitest';
import type { AgendaItem } from '../src/shared/meeting';
import type { Member } from '../src/shared/domain';
import { call, post, type HttpAnswer, type HubLike, type Seat } from './helpers';

/** A clock that moves only when the test says so (given to the core as `now`). */
export class Clock {
  private at: number;
  constructor(iso = '2026-11-20T18:00:00.000Z') {
    this.at = Date.parse(iso);
  }
  readonly now = (): Date => new Date(this.at);
  advance(seconds: number): void {
    this.at += seconds * 1000;
  }
}

/**
 * A refusal: its status, the `{"error":{"code","message"}}` body, and a message a person can read
 * (no stack trace). Returns the message.
 */
export function expectError(answer: HttpAnswer, status: number, code: string): string {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.contentType).toMatch(/^application\/json/);
  const body = answer.body as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(10);
  expect(body.error.message).not.toMatch(/\n\s+at /);
  return body.error.message;
}

/** Adds a member to a committee (as `token`, the owner's by default) and returns their seat. */
export function addMember(
  hub: HubLike,
  token: string,
  committeeId: string,
  name: string,
  role: Member['role'] = 'member',
  kind: Member['kind'] = 'patient-partner',
): Promise<Seat> {
  return call(hub, token, 'members.add', {
    committeeId,
    name,
    kind,
    role,
    engagementLevel: 'collaboration',
  });
}

/** Adds an agenda item titled `title` (as `token`) and returns it. */
export function addItem(
  hub: HubLike,
  token: string,
  meetingId: string,
  title: string,
  extra: Partial<Pick<AgendaItem, 'purpose' | 'engagementLevel' | 'presenterId' | 'plannedMinutes'>> = {},
): Promise<AgendaItem> {
  return call(hub, token, 'agenda.add', { meetingId, title, ...extra });
}

/** The agenda's titles, in order, as agenda.list gives them. */
export async function agendaTitles(hub: HubLike, token: string, meetingId: string): Promise<string[]> {
  return (await call(hub, token, 'agenda.list', { meetingId })).map((i) => i.title);
}

/** The HTTP status of a call (for tables of who may do what). */
export async function statusOf(hub: HubLike, token: string, method: string, input: unknown): Promise<number> {
  return (await post(hub, token, method, input)).status;
}
