import { Injectable } from '@nestjs/common';

/** Set once SIGTERM arrives: /health answers 503 so that load balancers stop sending this process work. */
@Injectable()
export class Draining {
  active = false;
}
