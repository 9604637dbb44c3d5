import type { DriverSession } from '../../services/drivers/driver-sessions.ts';
import type { RequestTypedApp } from '../shared/typed-app.ts';

export type DriverApp = RequestTypedApp;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in driver (the driver API's session guard sets it). */
    driver: DriverSession;
  }
}
