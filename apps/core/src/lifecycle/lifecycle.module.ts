import { Module } from '@nestjs/common';
import { AppStateRepository } from './app-state.repository';
import { AppStateService } from './app-state.service';
import { TrialLifecycleService } from './trial-lifecycle.service';
import { TrialRepository } from './trial.repository';

/**
 * App states and the trial lifecycle. AppStateService is exported because it
 * is the one writer of an app's row: every state change (expiry, arrears,
 * refunds, charity), registration, throttle and pay-as-you-go start runs
 * through it inside the caller's transaction.
 */
@Module({
  providers: [AppStateRepository, AppStateService, TrialRepository, TrialLifecycleService],
  exports: [TrialLifecycleService, AppStateService],
})
export class LifecycleModule {}
