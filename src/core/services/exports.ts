/** The exports of a meeting's minutes and of a committee's decision log: the secretary's deliverables. */
import { authorize } from '../access';
import { meetingRecord } from '../exports/record';
import { committeeOr404, meetingOr404, type ServiceContext } from './context';
import type { Handlers } from './index';

export function exportHandlers(ctx: ServiceContext): Pick<Handlers, 'minutes.export' | 'decisions.export'> {
  return {
    /**
     * Checked here; read, verified and laid out in the worker thread, so that the hub keeps
     * answering while thousands of decisions are laid out.
     */
    'decisions.export': async (input, caller) => {
      const committee = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'decisions.export', committee.id);
      const { format, ...filter } = input;
      return ctx.workers.decisionLog({ committee, filter, format, now: ctx.now().toISOString() });
    },
    /** Checked and read here (the record: a few queries and the doc); laid out in the worker thread. */
    'minutes.export': async (input, caller) => {
      const meeting = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'minutes.export', meeting.committeeId);
      return ctx.workers.minutes({ record: meetingRecord(ctx, meeting.id), format: input.format });
    },
  };
}
