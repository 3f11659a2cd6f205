-- Decision tools (SPEC.md 17).

-- The trial-cutoff forecast notice.
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_type_check CHECK (type IN (
  'expiry_reminder', 'expiry_notice', 'suspension_notice', 'destruction_notice', 'arrears_notice',
  'balance_alert', 'trial_cutoff', 'over_quota_warning', 'deployment_done', 'refund_done', 'trial_cutoff_forecast'));
ALTER TABLE notification_subscriptions DROP CONSTRAINT notification_subscriptions_type_check;
ALTER TABLE notification_subscriptions ADD CONSTRAINT notification_subscriptions_type_check CHECK (type IN (
  'expiry_reminder', 'expiry_notice', 'suspension_notice', 'destruction_notice', 'arrears_notice',
  'balance_alert', 'trial_cutoff', 'over_quota_warning', 'deployment_done', 'refund_done', 'trial_cutoff_forecast'));

-- One row per trial app already warned of its approaching cutoff: the warning is sent once per approach,
-- and the row goes when the app stops heading over the cap (or leaves the running trial), re-arming it.
CREATE TABLE trial_forecast_alerts (
  app_id                 UUID PRIMARY KEY REFERENCES applications (id),
  projected_cutoff_date  DATE NOT NULL,
  notified_on            DATE NOT NULL,
  created_at             TIMESTAMPTZ(6) NOT NULL
);

-- The export reads an app's notices in creation order.
CREATE INDEX notifications_app_id_created_at_idx ON notifications (app_id, created_at) WHERE app_id IS NOT NULL;
