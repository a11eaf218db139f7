/**
 * The one API contract. Each method declares its input schema and which roles may call it; the
 * preload's `window.api`, the browser's HTTP client, the IPC door and the hub's HTTP door all
 * derive from this table, and both doors validate every input against it.
 */
import { z } from 'zod';
import {
  AREAS,
  ENGAGEMENT_LEVELS,
  MEMBER_KINDS,
  ROLES,
  type Caller,
  type Committee,
  type Member,
  type Meeting,
  type Role,
} from './domain';

/**
 * Who may call a method: `owner` only the owner token (the desktop app's user or the hub's
 * `--token`); otherwise the owner and the members of the target committee whose role is listed.
 */
export type Access = 'owner' | readonly Role[];

export interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  access: Access;
  /** Phantom: the result type. Never read at run time. */
  readonly __output?: O;
}

const method =
  <O>() =>
  <I extends z.ZodType>(spec: { input: I; access: Access }): MethodSpec<I, O> =>
    spec;

const ALL_ROLES: readonly Role[] = ROLES;

const id = z.string().trim().min(1, 'is required').max(64, 'is too long');
const name = z.string().trim().min(1, 'is required').max(200, 'is too long (200 characters at most)');
/** Date.parse rolls a day that does not exist (2026-02-30) over to the next month: refuse it. */
const dayExists = (s: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return true;
  const [year, month, day] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const d = new Date(0);
  d.setUTCFullYear(year, month, day);
  return d.getUTCMonth() === month && d.getUTCDate() === day;
};
const isoDate = z
  .string()
  .trim()
  .refine(
    (s) => !Number.isNaN(Date.parse(s)) && dayExists(s),
    'must be a date and time, like 2026-11-20T18:00:00Z',
  )
  .transform((s) => new Date(s).toISOString());

export interface Session {
  caller: Caller;
  /** Base URL of the hub that serves /sync for this session, e.g. ws://127.0.0.1:4780. */
  syncUrl: string;
  /** Token to present on /sync. */
  syncToken: string;
}

export const methods = {
  'session.whoami': method<Caller>()({ input: z.object({}).strict(), access: ALL_ROLES }),

  'committees.create': method<Committee>()({
    input: z
      .object({
        name,
        area: z.enum(AREAS),
        mandate: z.string().trim().max(5000, 'is too long (5000 characters at most)').default(''),
      })
      .strict(),
    access: 'owner',
  }),
  'committees.list': method<Committee[]>()({ input: z.object({}).strict(), access: ALL_ROLES }),
  'committees.get': method<Committee>()({ input: z.object({ id }).strict(), access: ALL_ROLES }),

  'members.add': method<{ member: Member; token: string }>()({
    input: z
      .object({
        committeeId: id,
        name,
        kind: z.enum(MEMBER_KINDS),
        role: z.enum(ROLES),
        engagementLevel: z.enum(ENGAGEMENT_LEVELS),
      })
      .strict(),
    access: ['co-chair'],
  }),
  'members.list': method<Member[]>()({
    input: z.object({ committeeId: id }).strict(),
    access: ALL_ROLES,
  }),

  'meetings.create': method<Meeting>()({
    input: z.object({ committeeId: id, title: name, startsAt: isoDate }).strict(),
    access: ['co-chair', 'secretary'],
  }),
  'meetings.list': method<Meeting[]>()({
    input: z.object({ committeeId: id }).strict(),
    access: ALL_ROLES,
  }),
  'meetings.get': method<Meeting>()({ input: z.object({ id }).strict(), access: ALL_ROLES }),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Input<K extends MethodName> = z.input<Methods[K]['input']>;
export type ParsedInput<K extends MethodName> = z.output<Methods[K]['input']>;
export type Output<K extends MethodName> = Methods[K] extends MethodSpec<z.ZodType, infer O> ? O : never;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export const isMethodName = (s: string): s is MethodName => Object.hasOwn(methods, s);

/** What the renderer sees as `window.api`, whichever door is behind it. */
export interface Api {
  invoke<K extends MethodName>(method: K, input: Input<K>): Promise<Output<K>>;
  /** Where and how to reach the collaborative documents. */
  session(): Promise<Session>;
}

export const ERROR_CODES = [
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'unknown_method',
  'conflict',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_method: 404,
  conflict: 409,
  internal: 500,
};

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** An error a caller can act on. Anything else that escapes a handler is reported as `internal`. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
  static fromBody(body: unknown): ApiError {
    const e = (body as Partial<ErrorBody> | null)?.error;
    if (e && typeof e.message === 'string' && (ERROR_CODES as readonly string[]).includes(e.code)) {
      return new ApiError(e.code, e.message);
    }
    return new ApiError('internal', 'The server answered with an unreadable error.');
  }
}

/** Zod's wording, made plain: "name is required", "area must be one of: …". */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined/.test(issue.message)
        ? 'is required'
        : `must be ${issue.expected === 'object' ? 'an' : 'a'} ${issue.expected}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `has unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}

/** Validates an input against its method's schema, or throws a readable `invalid_input`. */
export function parseInput<K extends MethodName>(name: K, raw: unknown): ParsedInput<K> {
  const result = methods[name].input.safeParse(raw ?? {});
  if (result.success) return result.data as ParsedInput<K>;
  const detail = result.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'} ${describeIssue(issue)}`)
    .join('; ');
  throw new ApiError('invalid_input', `Invalid input for ${name}: ${detail}`);
}

/** What crosses a door that cannot carry an `ApiError` (IPC's structured clone). */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ErrorBody['error'] };

/** The raw form of the API exposed by the preload as `window.api` (envelopes, not exceptions). */
export interface ApiBridge {
  invoke(method: string, input: unknown): Promise<Envelope<unknown>>;
  session(): Promise<Session>;
}

/** Turns a bridge of envelopes into the typed `Api` that throws `ApiError`. */
export function apiFromBridge(bridge: ApiBridge): Api {
  return {
    async invoke(method, input) {
      const env = await bridge.invoke(method, input);
      if (env.ok) return env.result as never;
      throw ApiError.fromBody({ error: env.error });
    },
    session: () => bridge.session(),
  };
}
