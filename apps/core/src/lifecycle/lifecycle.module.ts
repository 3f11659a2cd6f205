import { Module } from '@nestjs/common';
import { AppStateRepository } from './app-state.repository';
import { AppStateService } from './app-state.service';
import { TrialLifecycleService } from './trial-lifecycle.service';
import { TrialRepository } from './trial.repository';

/**
 * App states and the trial lifecycle. AppStateService is exported because
 * every state change of an app (expiry, arrears, refunds, charity) goes through
 * its one guarded statement inside the caller's transaction.
 */
@Module({
  providers: [AppStateRepository, AppStateService, TrialRepository, TrialLifecycleService],
  exports: [TrialLifecycleService, AppStateService],
})
export class LifecycleModule {}
