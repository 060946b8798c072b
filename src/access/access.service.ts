import { Injectable } from '@nestjs/common';
import type { Principal } from '../identity/identity.types.js';
import type { Resource, ResourcePermission } from './permissions.js';

/** One resource's rules: which of many ids a principal may act on, and the coded errors it answers with. */
export interface AccessPolicy {
  readonly resource: Resource;
  /** Of `ids`, the ones `principal` may `action`; an unknown id is simply left out. A constant number of queries at any size. */
  allowed(principal: Principal, action: string, ids: readonly string[]): Promise<Set<string>>;
  /** The resource's coded not-found: what someone who may not even read it hears. */
  notFound(): Error;
  /** The resource's coded refusal for someone who may read it but not do `action`. */
  forbidden(action: string): Error;
}

/**
 * The one access layer: every feature registers its resource's policy here, and services ask
 * `allowed` (for lists: one call for a page) or `requireAccess` (for one id). The answers stay
 * what each feature answered before: a resource one may not read is not found (404, never a 403
 * that would confirm it exists), one may read but not change is refused with the feature's code.
 */
@Injectable()
export class AccessService {
  private readonly policies = new Map<Resource, AccessPolicy>();

  register(policy: AccessPolicy): void {
    if (this.policies.has(policy.resource)) throw new Error(`access policy for "${policy.resource}" registered twice`);
    this.policies.set(policy.resource, policy);
  }

  /** Of `ids`, the ones `principal` holds `permission` on. */
  async allowed(principal: Principal, permission: ResourcePermission, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { policy, action } = this.policyOf(permission);
    return policy.allowed(principal, action, [...new Set(ids)]);
  }

  /**
   * Throws the resource's coded not-found unless `principal` may read `id`, then its coded refusal
   * unless they may do what `permission` names.
   */
  async requireAccess(principal: Principal, permission: ResourcePermission, id: string): Promise<void> {
    const { policy, action } = this.policyOf(permission);
    if (!UUID.test(id)) throw policy.notFound();
    if (!(await policy.allowed(principal, 'read', [id])).has(id)) throw policy.notFound();
    if (action !== 'read' && !(await policy.allowed(principal, action, [id])).has(id)) throw policy.forbidden(action);
  }

  private policyOf(permission: ResourcePermission): { policy: AccessPolicy; action: string } {
    const [resource, action] = permission.split('.') as [Resource, string];
    const policy = this.policies.get(resource);
    if (!policy) throw new Error(`no access policy for "${resource}"`);
    return { policy, action };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
