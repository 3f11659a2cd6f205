/** Job names of the 'prepaid' queue. */
export const PREPAID_JOBS = {
  dailyTick: 'prepaid.daily-tick',
  hourlyTick: 'prepaid.hourly-tick',
  day: 'prepaid.day',
  sweep: 'prepaid.sweep',
  provision: 'prepaid.provision',
} as const;
