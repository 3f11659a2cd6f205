/** Job names of the 'reporting' queue. */
export const REPORTING_JOBS = {
  rollupTick: 'reporting.rollup-tick',
  rollup: 'reporting.revenue-rollup',
} as const;
