export const ROLES = ['admin', 'ops', 'ingest', 'readonly'] as const;
export type Role = (typeof ROLES)[number];

/** Who may read: everyone but the ingest-only keys of the push gateways. */
export const READERS: Role[] = ['admin', 'ops', 'readonly'];
