import type { TestSystem } from './system';

export interface Move {
  at: string;
  appId: string;
  action: string;
}

/**
 * What the jobs did to the apps in (from, to], in the preview's vocabulary, read from what they leave behind:
 * state changes, expiry notices and renewal orders.
 */
export async function movesBetween(system: TestSystem, appIds: string[], from: Date, to: Date): Promise<Move[]> {
  const changes = await system.prisma.appStateChange.findMany({ where: { appId: { in: appIds }, at: { gt: from, lte: to } } });
  const notices = await system.prisma.notification.findMany({
    where: { appId: { in: appIds }, type: { in: ['expiry_reminder', 'expiry_notice'] }, createdAt: { gt: from, lte: to } },
  });
  const renewals = await system.prisma.order.findMany({
    where: { appId: { in: appIds }, purpose: 'renewal', createdAt: { gt: from, lte: to } },
  });
  const stateAction = (fromState: string, toState: string) =>
    toState === 'grace'
      ? 'grace'
      : toState === 'suspended'
        ? 'suspend'
        : toState === 'destroyed'
          ? 'destroy'
          : fromState === 'suspended'
            ? 'restore'
            : null;
  const moves: Move[] = [
    ...changes.flatMap((c) => {
      const action = stateAction(c.fromState, c.toState);
      return action ? [{ at: c.at.toISOString(), appId: c.appId, action }] : [];
    }),
    ...notices.map((n) => ({
      at: n.createdAt.toISOString(),
      appId: n.appId!,
      action: n.type === 'expiry_reminder' ? 'remind' : 'expiry_notice',
    })),
    ...renewals.map((o) => ({ at: o.createdAt.toISOString(), appId: o.appId!, action: 'auto_renew' })),
  ];
  return sortMoves(moves);
}

export function sortMoves(moves: Move[]): Move[] {
  const key = (m: Move) => `${m.at}|${m.appId}|${m.action}`;
  return [...moves].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
