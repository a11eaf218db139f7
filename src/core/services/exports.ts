import { ApiError } from '../../shared/api';
import type { ServiceContext } from './context';
import type { Handlers } from './index';

// Being written: the exports of the minutes (PDF, DOCX, Markdown, HTML).
export function exportHandlers(_ctx: ServiceContext): Pick<Handlers, 'minutes.export'> {
  return {
    'minutes.export': () => {
      throw new ApiError('internal', 'Exports are not available yet.');
    },
  };
}
