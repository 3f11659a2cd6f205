import type { Type } from '@nestjs/common';
import { UsageController } from '../usage/usage.controller';
import { ApplicationsController } from './applications.controller';

/** Controllers of apps, capabilities and DAU usage. */
export const APPLICATION_CONTROLLERS: Type[] = [ApplicationsController, UsageController];
