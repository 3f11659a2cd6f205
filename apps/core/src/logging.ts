import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';

/**
 * The push gateways' DAU reports are most of the API's traffic: a line for
 * each answered report at info would cost the API more than ingesting it (a
 * write per request). They log at debug; refused ones still log at info.
 */
function requestLogLevel(req: IncomingMessage, res: ServerResponse): 'info' | 'debug' {
  return res.statusCode < 400 && req.url?.startsWith('/v1/usage/dau') ? 'debug' : 'info';
}

/** JSON lines on stdout for both processes; request logs carry the route, status and time. */
export function loggerModule(service: 'api' | 'worker') {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: process.env.LOG_LEVEL ?? 'info',
      base: { service },
      autoLogging: service === 'api',
      customLogLevel: requestLogLevel,
      redact: ['req.headers.authorization'],
    },
  });
}
