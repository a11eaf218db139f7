/**
 * The API's handlers: one per method of the table in src/shared/api.ts. Each receives its input
 * already validated and the caller, and checks the caller's access to the committee it touches.
 */
import type { MethodName, ParsedInput, Result } from '../../shared/api';
import type { Caller } from '../../shared/domain';
import { backupHandlers } from './backups';
import { committeeHandlers } from './committees';
import type { ServiceContext } from './context';
import { meetingHandlers } from './meetings';
import { decisionHandlers } from './decisions';
import { exportHandlers } from './exports';
import { minutesHandlers } from './minutes';
import { ledgerHandlers } from './ledger';
import { privacyHandlers } from './privacy';

export type Handlers = {
  [K in MethodName]: (input: ParsedInput<K>, caller: Caller) => Result<K>;
};

export function createHandlers(ctx: ServiceContext): Handlers {
  return {
    'session.whoami': (_input, caller) => caller,
    'session.inviteBaseUrls': () => ctx.inviteBaseUrls(),
    ...committeeHandlers(ctx),
    ...backupHandlers(ctx),
    ...meetingHandlers(ctx),
    ...minutesHandlers(ctx),
    ...exportHandlers(ctx),
    ...decisionHandlers(ctx),
    ...ledgerHandlers(ctx),
    ...privacyHandlers(ctx),
  };
}
