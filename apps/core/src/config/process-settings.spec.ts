import { ConfigError, loadConfig, loadJobLocks, loadLogLevel } from './config';

/** Settings read before the config module exists (decorators, the logger), checked like every other. */
describe('settings read at module build time', () => {
  it('defaults the log level to info and the job locks to 60 s and 30 s', () => {
    expect(loadLogLevel({})).toBe('info');
    expect(loadJobLocks({})).toEqual({ lockDurationMs: 60_000, stalledIntervalMs: 30_000 });
  });

  it('reads them as given', () => {
    expect(loadLogLevel({ LOG_LEVEL: 'warn' })).toBe('warn');
    expect(loadJobLocks({ JOB_LOCK_MS: '5000', JOB_STALLED_CHECK_MS: '2000' })).toEqual({ lockDurationMs: 5000, stalledIntervalMs: 2000 });
    expect(loadConfig({ DATABASE_URL: 'postgresql://localhost/x', LOG_LEVEL: 'silent' }).logLevel).toBe('silent');
  });

  it('stops the process on a value it cannot use, naming the variable', () => {
    expect(() => loadLogLevel({ LOG_LEVEL: 'verbose' })).toThrow(
      new ConfigError('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'),
    );
    expect(() => loadJobLocks({ JOB_LOCK_MS: '5s' })).toThrow(new ConfigError('JOB_LOCK_MS must be a positive integer'));
    expect(() => loadJobLocks({ JOB_STALLED_CHECK_MS: '-1' })).toThrow(new ConfigError('JOB_STALLED_CHECK_MS must be a positive integer'));
  });
});
