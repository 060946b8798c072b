/**
 * What a route or a service asks of its caller, by name. A resource permission reads
 * `<resource>.<action>`; the set-based check for it is the resource's AccessPolicy. The others say
 * who may call a route that touches no one resource (or proves itself another way).
 */
export const RESOURCES = [
  'room',
  'message',
  'file',
  'task',
  'memo',
  'wall',
  'meeting',
  'consultation',
  'stats',
] as const;
export type Resource = (typeof RESOURCES)[number];

export const RESOURCE_ACTIONS = {
  room: ['read', 'create', 'write', 'manage', 'invite'],
  message: ['read', 'write'],
  file: ['read', 'write'],
  task: ['read', 'create', 'edit', 'status', 'comment'],
  memo: ['read', 'create', 'author', 'recipient'],
  wall: ['read', 'write', 'manage'],
  meeting: ['read', 'create', 'host', 'join'],
  consultation: ['read', 'book', 'manage'],
  stats: ['read'],
} as const satisfies Record<Resource, readonly string[]>;

export type ResourcePermission = { [R in Resource]: `${R}.${(typeof RESOURCE_ACTIONS)[R][number]}` }[Resource];

/**
 * Route permissions that are no resource's:
 * - `public`: anyone, signed in or not (sign-in, health, a citizen's booking page);
 * - `session`: any signed-in person, about themselves (their profile, sessions, the directory);
 * - `agency-admin`: an agency admin (within their agency and the agencies under it) or a system admin;
 * - `system-admin`: a system admin;
 * - `guest-link`, `manage-link`: a meeting guest's personal link, a citizen's manage link (the token is the credential);
 * - `signed-request`: a peer proving itself by a signature or shared token (webhooks in, Jitsi, Matrix);
 * - `metrics`: the scrape endpoint's own token.
 */
export const ROUTE_PERMISSIONS = [
  'public',
  'session',
  'agency-admin',
  'system-admin',
  'guest-link',
  'manage-link',
  'signed-request',
  'metrics',
] as const;
export type RoutePermission = ResourcePermission | (typeof ROUTE_PERMISSIONS)[number];

export function isResourcePermission(permission: string): permission is ResourcePermission {
  const [resource, action] = permission.split('.');
  return (
    resource !== undefined &&
    action !== undefined &&
    (RESOURCE_ACTIONS as Record<string, readonly string[]>)[resource]?.includes(action) === true
  );
}
