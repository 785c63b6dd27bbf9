import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import { AppError } from './errors.ts';

/** The signed-in actor of a route that is not public (the guard has already checked). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  return request.actor;
}
