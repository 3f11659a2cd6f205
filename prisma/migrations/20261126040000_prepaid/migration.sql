-- Prepaid plans: indexes for the two sweeps that must not scan whole tables.

-- The daily un-throttling reads only the throttled apps.
CREATE INDEX applications_throttled_idx ON applications (id) WHERE throttled;

-- The hourly sweep re-enqueues provisioning that has not succeeded yet.
CREATE INDEX orders_provisioning_open_idx ON orders (created_at) WHERE provisioning_status IN ('pending', 'failed');
