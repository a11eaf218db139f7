/** "Back up now", the list of backups and "restore": the workspace's, not one committee's. */
import { authorize } from '../access';
import type { ServiceContext } from './context';
import type { Handlers } from './index';

export function backupHandlers(
  ctx: ServiceContext,
): Pick<Handlers, 'backups.list' | 'backups.create' | 'backups.restore'> {
  // A co-chair of any committee here may list and take backups; the method table says who.
  const check = (
    caller: Parameters<Handlers['backups.list']>[1],
    method: 'backups.list' | 'backups.create' | 'backups.restore',
  ) => authorize(caller, method, caller.kind === 'member' ? caller.committeeId : '');
  return {
    'backups.list': (_input, caller) => {
      check(caller, 'backups.list');
      return ctx.backups.list();
    },
    'backups.create': async (_input, caller) => {
      check(caller, 'backups.create');
      return ctx.backups.create();
    },
    'backups.restore': async (input, caller) => {
      check(caller, 'backups.restore');
      return ctx.backups.restore(input.name);
    },
  };
}
