import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { inspectInput } from './input-shape.js';

/**
 * The one check every HTTP request passes before any other guard or pipe: no control characters
 * in any string or key of its body, query or route parameters (CONTROL_CHARACTERS), and no input
 * nested or wide past INPUT_LIMITS. Runs whether or not the route reads what was sent.
 */
@Injectable()
export class InputGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    for (const part of [request.params, request.query, request.body] as unknown[])
      if (!Buffer.isBuffer(part)) inspectInput(part);
    return true;
  }
}
