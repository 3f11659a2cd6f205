import { RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { loadLogLevel } from './config/config';

/**
 * JSON lines on stdout for both processes; request logs carry the route,
 * status and time. Not for the push gateways' DAU reports, most of the API's
 * traffic: the request logger alone cost a third of a single report's API
 * time, even at a level that wrote nothing. /metrics counts them by status,
 * and a failure (5xx) is still logged, by the error filter.
 */
export function loggerModule(service: 'api' | 'worker') {
  return LoggerModule.forRoot({
    exclude: [{ method: RequestMethod.POST, path: 'v1/usage/dau' }],
    pinoHttp: {
      level: loadLogLevel(),
      base: { service },
      autoLogging: service === 'api',
      redact: ['req.headers.authorization'],
    },
  });
}
