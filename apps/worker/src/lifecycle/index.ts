import { LifecycleProcessor } from './lifecycle.processor';

/** Processors of the app lifecycle queue. */
export const LIFECYCLE_PROCESSORS: any[] = [LifecycleProcessor];
