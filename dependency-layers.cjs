/**
 * The layering of apps/core/src, read by .dependency-cruiser.cjs (which enforces it) and by
 * scripts/modules-map.ts (which prints it into docs/structure.md).
 */
const INFRASTRUCTURE = ['process', 'input', 'outbound', 'config', 'errors', 'pagination', 'money', 'prisma', 'clock', 'queue', 'outbox'];

/** Domain folders, lowest first. A folder may import the folders of the layers before its own. */
const LAYERS = [
  ['notifications', 'auth', 'pricing', 'scheduling', 'reporting'],
  // The audit trail reads the request context (auth); a money write's transaction (idempotency) writes its audit event.
  ['audit'],
  ['idempotency'],
  // An app's row is its lifecycle: lifecycle alone writes it, so whatever throttles or activates an app sits above it.
  ['lifecycle'],
  ['webhooks', 'ledger', 'quota'],
  ['accounts', 'applications'],
  ['usage', 'orders'],
  ['subscriptions', 'settlement'],
  ['refunds', 'advice', 'export', 'lifecycle-preview', 'statements'],
  ['operations', 'quotes'],
];

/**
 * Infrastructure folders in order too: input and outbound rules know nothing, config checks outbound
 * targets at boot, the clock reads the database (simulated time), the outbox relays rows of the database to the queues.
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
  outbox: ['config', 'prisma', 'clock', 'queue'],
};

module.exports = { INFRASTRUCTURE, INFRASTRUCTURE_ALLOWED, LAYERS };
