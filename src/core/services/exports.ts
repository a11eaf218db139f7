/** The exports of a meeting's minutes (PDF, DOCX, Markdown, HTML), the secretary's deliverable. */
import { ApiError } from '../../shared/api';
import { authorize } from '../access';
import { exportMinutes, meetingRecord } from '../exports';
import { meetingOr404, type ServiceContext } from './context';
import type { Handlers } from './index';

export function exportHandlers(ctx: ServiceContext): Pick<Handlers, 'minutes.export' | 'decisions.export'> {
  return {
    'decisions.export': () => {
      // Being written: the decision log's exports (CSV, Markdown, DOCX, PDF, JSON).
      throw new ApiError('internal', 'Exports of the decision log are not available yet.');
    },
    'minutes.export': (input, caller) => {
      const meeting = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'minutes.export', meeting.committeeId);
      return exportMinutes(meetingRecord(ctx, meeting.id), input.format);
    },
  };
}
