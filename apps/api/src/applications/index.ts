import type { Type } from '@nestjs/common';
import { AdviceController } from '../advice/advice.controller';
import { ExportController } from '../export/export.controller';
import { UsageController } from '../usage/usage.controller';
import { ApplicationsController } from './applications.controller';

/** Controllers of apps, capabilities and DAU usage. */
export const APPLICATION_CONTROLLERS: Type[] = [ApplicationsController, UsageController, AdviceController, ExportController];
