/**
 * The layering of apps/core/src, read by .dependency-cruiser.cjs (which enforces it) and by
 * scripts/modules-map.ts (which prints it into docs/structure.md).
 */
const INFRASTRUCTURE = ['process', 'input', 'outbound', 'config', 'errors', 'pagination', 'money', 'prisma', 'clock', 'queue'];

/** Domain folders, lowest first. A folder may import the folders of the layers before its own. */
const LAYERS = [
  ['notifications', 'auth', 'audit', 'pricing', 'idempotency', 'scheduling', 'reporting'],
  ['webhooks', 'ledger', 'lifecycle', 'quota'],
  ['accounts', 'applications'],
  ['usage', 'orders'],
  ['subscriptions', 'settlement'],
  ['refunds', 'advice', 'export', 'lifecycle-preview'],
  ['operations', 'quotes'],
];

/**
 * Infrastructure folders in order too: input and outbound rules know nothing, config checks outbound
 * targets at boot, the clock reads the database (simulated time).
 */
const INFRASTRUCTURE_ALLOWED = {
  process: [],
  input: [],
  outbound: [],
  config: ['outbound'],
  errors: [],
  pagination: ['errors'],
  money: [],
  prisma: ['config'],
  clock: ['config', 'prisma'],
  queue: ['config'],
};

module.exports = { INFRASTRUCTURE, INFRASTRUCTURE_ALLOWED, LAYERS };
