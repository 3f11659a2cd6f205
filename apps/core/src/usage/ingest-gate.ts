/**
 * The advisory lock between DAU ingest (shared) and closing a day (exclusive).
 * Usage owns it: a report holds the shared side while it is written; settlement
 * takes the exclusive side when it plans a day.
 */
export const INGEST_GATE_LOCK = 7_310_001;
