/** Processors of the app lifecycle queue. */
export const LIFECYCLE_PROCESSORS: any[] = [];
