/**
 * The API's handlers: one per method of the table in src/shared/api.ts. Each receives its input
 * already validated and the caller, and checks the caller's access to the committee it touches.
 */
import { ApiError, type MethodName, type Output, type ParsedInput } from '../../shared/api';
import type { Caller } from '../../shared/domain';
import { authorize } from '../access';
import type { Repos } from '../store/repos';
import { newToken, hashToken } from '../tokens';

export type Handlers = {
  [K in MethodName]: (input: ParsedInput<K>, caller: Caller) => Output<K>;
};

export function createHandlers(repos: Repos): Handlers {
  const committee = (id: string) => {
    const c = repos.getCommittee(id);
    if (!c) throw new ApiError('not_found', `No committee with id ${id}.`);
    return c;
  };
  const meeting = (id: string) => {
    const m = repos.getMeeting(id);
    if (!m) throw new ApiError('not_found', `No meeting with id ${id}.`);
    return m;
  };

  return {
    'session.whoami': (_input, caller) => caller,

    'committees.create': (input, caller) => {
      if (caller.kind !== 'owner') authorize(caller, 'committees.create', '');
      return repos.createCommittee(input);
    },
    'committees.list': (_input, caller) =>
      caller.kind === 'owner'
        ? repos.listCommittees()
        : repos.listCommittees().filter((c) => c.id === caller.committeeId),
    'committees.get': (input, caller) => {
      const c = committee(input.id);
      authorize(caller, 'committees.get', c.id);
      return c;
    },

    'members.add': (input, caller) => {
      authorize(caller, 'members.add', committee(input.committeeId).id);
      const token = newToken();
      const member = repos.addMember(input, hashToken(token));
      return { member, token };
    },
    'members.list': (input, caller) => {
      authorize(caller, 'members.list', committee(input.committeeId).id);
      return repos.listMembers(input.committeeId);
    },

    'meetings.create': (input, caller) => {
      authorize(caller, 'meetings.create', committee(input.committeeId).id);
      return repos.createMeeting(input);
    },
    'meetings.list': (input, caller) => {
      authorize(caller, 'meetings.list', committee(input.committeeId).id);
      return repos.listMeetings(input.committeeId);
    },
    'meetings.get': (input, caller) => {
      const m = meeting(input.id);
      authorize(caller, 'meetings.get', m.committeeId);
      return m;
    },
  };
}
