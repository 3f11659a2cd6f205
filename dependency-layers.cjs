/**
 * The layering of apps/core/src, read by .dependency-cruiser.cjs (which enforces it) and by
 * scripts/modules-map.ts (which prints it into docs/structure.md).
 */
const INFRASTRUCTURE = ['config', 'errors', 'money', 'prisma', 'clock', 'queue'];

/** Domain folders, lowest first. A folder may import the folders of the layers before its own. */
const LAYERS = [
  ['notifications', 'auth', 'pricing', 'idempotency', 'scheduling'],
  ['webhooks', 'ledger', 'lifecycle', 'quota'],
  ['accounts', 'applications'],
  ['usage', 'orders'],
  ['subscriptions', 'settlement'],
  ['refunds'],
  ['operations'],
];

/** Infrastructure folders in order too: config knows nothing, the clock reads the database (simulated time). */
const INFRASTRUCTURE_ALLOWED = {
  config: [],
  errors: [],
  money: [],
  prisma: ['config'],
  clock: ['config', 'prisma'],
  queue: ['config'],
};

module.exports = { INFRASTRUCTURE, INFRASTRUCTURE_ALLOWED, LAYERS };
