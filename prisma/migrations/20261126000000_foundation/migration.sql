-- The price book: versioned data. A published version is never edited; a new
-- one takes effect from its date and every charge records the version it used.
CREATE TABLE price_book_versions (
  id                       TEXT PRIMARY KEY,
  effective_from           DATE NOT NULL UNIQUE,
  sales_stop_after         DATE,
  prepaid_months_on_sale   INTEGER[] NOT NULL,
  prepaid_min_units        INTEGER NOT NULL CHECK (prepaid_min_units >= 1),
  unit_dau                 INTEGER NOT NULL CHECK (unit_dau > 0),
  partial_month_policy     TEXT NOT NULL CHECK (partial_month_policy IN ('days_30', 'payg')),
  no_questions_refund_days INTEGER NOT NULL CHECK (no_questions_refund_days >= 0),
  entitlements             JSONB NOT NULL,
  created_at               TIMESTAMPTZ(6) NOT NULL DEFAULT now()
);

CREATE TABLE price_book_regions (
  version_id           TEXT NOT NULL REFERENCES price_book_versions (id),
  region               TEXT NOT NULL CHECK (region IN ('ap-guangzhou', 'ap-shanghai', 'ap-hongkong', 'ap-singapore')),
  market               TEXT NOT NULL CHECK (market IN ('domestic', 'overseas')),
  prepaid_unit_price   NUMERIC(20, 8) NOT NULL CHECK (prepaid_unit_price >= 0),
  payg_free_max_dau    INTEGER NOT NULL CHECK (payg_free_max_dau >= 0),
  payg_fixed_max_dau   INTEGER NOT NULL CHECK (payg_fixed_max_dau >= payg_free_max_dau),
  payg_fixed_daily_fee NUMERIC(20, 8) NOT NULL CHECK (payg_fixed_daily_fee >= 0),
  payg_per_dau_fee     NUMERIC(20, 8) NOT NULL CHECK (payg_per_dau_fee >= 0),
  PRIMARY KEY (version_id, region)
);

CREATE TABLE price_book_prepaid_discounts (
  version_id TEXT NOT NULL,
  region     TEXT NOT NULL,
  min_units  INTEGER NOT NULL CHECK (min_units >= 1),
  min_months INTEGER NOT NULL CHECK (min_months >= 1),
  discount   NUMERIC(6, 4) NOT NULL CHECK (discount > 0 AND discount <= 1),
  PRIMARY KEY (version_id, region, min_units, min_months),
  FOREIGN KEY (version_id, region) REFERENCES price_book_regions (version_id, region)
);

CREATE TABLE price_book_loyalty_discounts (
  version_id       TEXT NOT NULL,
  region           TEXT NOT NULL,
  from_charged_day INTEGER NOT NULL CHECK (from_charged_day >= 1),
  discount         NUMERIC(6, 4) NOT NULL CHECK (discount > 0 AND discount <= 1),
  PRIMARY KEY (version_id, region, from_charged_day),
  FOREIGN KEY (version_id, region) REFERENCES price_book_regions (version_id, region)
);

-- API keys: only the sha256 of a key is stored; the key itself is shown once.
CREATE TABLE api_keys (
  id         UUID PRIMARY KEY,
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  role       TEXT NOT NULL CHECK (role IN ('admin', 'ops', 'ingest', 'readonly')),
  key_hash   TEXT NOT NULL UNIQUE,
  key_prefix TEXT NOT NULL,
  created_at TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  revoked_at TIMESTAMPTZ(6)
);

CREATE TABLE clock_state (
  id         TEXT PRIMARY KEY,
  now        TIMESTAMPTZ(6) NOT NULL,
  origin     TEXT NOT NULL,
  updated_at TIMESTAMPTZ(6) NOT NULL DEFAULT now()
);

CREATE TABLE scheduled_job_runs (
  schedule_id   TEXT NOT NULL,
  scheduled_for TIMESTAMPTZ(6) NOT NULL,
  started_at    TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  finished_at   TIMESTAMPTZ(6),
  PRIMARY KEY (schedule_id, scheduled_for)
);

CREATE TABLE settlement_days (
  day       DATE PRIMARY KEY,
  closed_at TIMESTAMPTZ(6) NOT NULL
);
