import type { Type } from '@nestjs/common';
import { LifecycleProcessor } from './lifecycle.processor';

/** Processors of the app lifecycle queue. */
export const LIFECYCLE_PROCESSORS: Type[] = [LifecycleProcessor];
