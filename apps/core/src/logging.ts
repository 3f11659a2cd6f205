import { LoggerModule } from 'nestjs-pino';

/** JSON lines on stdout for both processes; request logs carry the route, status and time. */
export function loggerModule(service: 'api' | 'worker') {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: process.env.LOG_LEVEL ?? 'info',
      base: { service },
      autoLogging: service === 'api',
      redact: ['req.headers.authorization'],
    },
  });
}
