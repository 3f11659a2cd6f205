// Defaults for every integration test file; a test's own overrides come after.
process.env.ADMIN_API_KEY ??= 'test-admin-key-0123456789abcdef';
process.env.LOG_LEVEL ??= 'silent';
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
process.env.BILLING_TZ ??= 'Asia/Shanghai';
// The calendar must hold whatever the server's zone: the tests run the process in a far-off one.
process.env.TZ = 'America/Los_Angeles';
// Limits are exercised by rate-limits.e2e.spec.ts with its own figures; elsewhere tests send bursts far above 100/s.
process.env.RATE_LIMIT_PER_KEY ??= '100000';
process.env.RATE_LIMIT_UNAUTHENTICATED_PER_IP ??= '100000';
// The tests' receivers (webhooks, provider, provisioning) listen on 127.0.0.1: outbound-guard.e2e.spec.ts turns the guard back on.
process.env.OUTBOUND_ALLOW_PRIVATE ??= 'true';
