import { ApiError } from '../../shared/api';
import { MAX_CO_CHAIRS } from '../../shared/domain';
import { authorize } from '../access';
import { hashToken, newToken } from '../tokens';
import { actingMember, committeeOr404, memberOf, type ServiceContext } from './context';
import type { Handlers } from './index';

type CommitteeHandlers = Pick<
  Handlers,
  | 'committees.create'
  | 'committees.update'
  | 'committees.list'
  | 'committees.get'
  | 'members.add'
  | 'members.update'
  | 'members.leave'
  | 'members.invite'
  | 'members.revokeInvite'
  | 'members.list'
>;

export function committeeHandlers(ctx: ServiceContext): CommitteeHandlers {
  const { repos } = ctx;
  const checkCoChairs = (committeeId: string, except?: string) => {
    if (repos.countCoChairs(committeeId, except) >= MAX_CO_CHAIRS) {
      throw new ApiError(
        'conflict',
        `A committee has at most ${MAX_CO_CHAIRS} co-chairs; change another co-chair's role first.`,
        'too_many_co_chairs',
        { max: MAX_CO_CHAIRS },
      );
    }
  };
  const checkDates = (start: string | null, end: string | null) => {
    if (start && end && end < start)
      throw new ApiError('invalid_input', 'endDate cannot be before startDate.', 'dates_order');
  };

  /**
   * When a new invitation link stops working: at the end (UTC) of the day asked for; by default of
   * the member's last day if it is to come, else a year from today.
   */
  const linkExpiry = (requested: string | undefined, endDate: string | null): string => {
    const now = ctx.now();
    const today = now.toISOString().slice(0, 10);
    if (requested && requested < today)
      throw new ApiError('invalid_input', 'linkValidUntil cannot be a day in the past.');
    let until = requested ?? (endDate && endDate >= today ? endDate : null);
    if (!until) {
      const inAYear = new Date(now.getTime());
      inAYear.setUTCFullYear(inAYear.getUTCFullYear() + 1);
      until = inAYear.toISOString().slice(0, 10);
    }
    return `${until}T23:59:59.999Z`;
  };

  return {
    'committees.create': (input, caller) => {
      authorize(caller, 'committees.create', '');
      return repos.createCommittee(input);
    },
    'committees.update': (input, caller) => {
      const c = committeeOr404(ctx, input.id);
      authorize(caller, 'committees.update', c.id);
      const { id: _id, ...changes } = input;
      return repos.updateCommittee(c.id, { ...c, ...definedOnly(changes) });
    },
    'committees.list': (_input, caller) =>
      caller.kind === 'owner'
        ? repos.listCommittees()
        : repos.listCommittees().filter((c) => c.id === caller.committeeId),
    'committees.get': (input, caller) => {
      const c = committeeOr404(ctx, input.id);
      authorize(caller, 'committees.get', c.id);
      return c;
    },

    'members.add': (input, caller) => {
      const { committeeId, linkValidUntil, ...fields } = input;
      authorize(caller, 'members.add', committeeOr404(ctx, committeeId).id);
      checkDates(fields.startDate, fields.endDate);
      const token = newToken();
      const expiresAt = linkExpiry(linkValidUntil, fields.endDate);
      const member = repos.transaction(() => {
        if (fields.role === 'co-chair') checkCoChairs(committeeId);
        const m = repos.addMember(committeeId, fields);
        repos.issueToken(m.id, hashToken(token), expiresAt);
        return repos.getMember(m.id)!;
      });
      return { member, token, expiresAt };
    },
    'members.update': (input, caller) => {
      const before = repos.getMember(input.id);
      if (!before) throw new ApiError('not_found', `No member with id ${input.id}.`, 'member_not_found');
      authorize(caller, 'members.update', before.committeeId);
      const { id: _id, ...changes } = input;
      const next = { ...before, ...definedOnly(changes) };
      checkDates(next.startDate, next.endDate);
      const updated = repos.transaction(() => {
        if (next.role === 'co-chair' && before.role !== 'co-chair')
          checkCoChairs(before.committeeId, before.id);
        const updated = repos.updateMember(before.id, next);
        // A rectification is recorded: which fields changed, by whom, when (not the old values).
        const fields = (Object.keys(changes) as (keyof typeof changes)[]).filter(
          (k) => changes[k] !== undefined && JSON.stringify(before[k]) !== JSON.stringify(updated[k]),
        );
        if (fields.length) ctx.privacy.recordRectification(before.id, fields, actingMember(caller));
        return updated;
      });
      if (updated.role !== before.role) ctx.accessChanged(before.id);
      return updated;
    },
    'members.leave': (input, caller) => {
      const m = repos.getMember(input.id);
      if (!m) throw new ApiError('not_found', `No member with id ${input.id}.`, 'member_not_found');
      authorize(caller, 'members.leave', m.committeeId);
      if (m.leftAt)
        throw new ApiError('conflict', `${m.name} has already left the committee.`, 'member_left', {
          name: m.name,
        });
      if (input.endDate) checkDates(m.startDate, input.endDate);
      const endDate = input.endDate ?? ctx.now().toISOString().slice(0, 10);
      const left = repos.transaction(() => {
        repos.revokeTokens(m.id);
        return repos.markLeft(m.id, endDate);
      });
      ctx.accessChanged(m.id);
      return left;
    },
    'members.invite': (input, caller) => {
      const m = repos.getMember(input.id);
      if (!m) throw new ApiError('not_found', `No member with id ${input.id}.`, 'member_not_found');
      authorize(caller, 'members.invite', m.committeeId);
      if (m.leftAt)
        throw new ApiError(
          'conflict',
          `${m.name} has left the committee; they cannot be invited.`,
          'member_left',
          {
            name: m.name,
          },
        );
      const token = newToken();
      const expiresAt = linkExpiry(input.linkValidUntil, m.endDate);
      repos.transaction(() => repos.issueToken(m.id, hashToken(token), expiresAt));
      ctx.accessChanged(m.id);
      return { member: repos.getMember(m.id)!, token, expiresAt };
    },
    'members.revokeInvite': (input, caller) => {
      const m = repos.getMember(input.id);
      if (!m) throw new ApiError('not_found', `No member with id ${input.id}.`, 'member_not_found');
      authorize(caller, 'members.revokeInvite', m.committeeId);
      repos.revokeTokens(m.id);
      ctx.accessChanged(m.id);
      return repos.getMember(m.id)!;
    },
    'members.list': (input, caller) => {
      authorize(caller, 'members.list', committeeOr404(ctx, input.committeeId).id);
      return repos.listMembers(input.committeeId);
    },
  };
}

/** The keys of a partial update that were given (undefined means "leave as is"). */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export { memberOf };
