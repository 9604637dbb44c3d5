import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../services/deps.ts';
import type { RoboCouriers } from '../../services/uber/robo-courier.ts';
import type { UberAuthenticator, UberCaller } from '../../services/uber/uber-auth.ts';

export interface UberContext {
  deps: Deps;
  auth: UberAuthenticator;
  /** Base of tracking URLs (DROPLINE_PUBLIC_URL). */
  publicUrl: string;
  robo: RoboCouriers;
}

/** A route's handler, run once the bearer token and the customer in the path are checked. */
export type UberHandler = (caller: UberCaller, req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
