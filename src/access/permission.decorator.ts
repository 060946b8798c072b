import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { RoutePermission } from './permissions.js';

export const PERMISSION = Symbol('ieum:permission');

/**
 * What a route asks of its caller, shown in the OpenAPI document as `x-permission`. The check
 * itself is the service's (AccessService.requireAccess, or the set-based `allowed` for lists);
 * this names it, so a reader and the route matrix test know what each route expects.
 */
export const Permission = (permission: RoutePermission): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(PERMISSION, permission), ApiExtension('x-permission', permission));
