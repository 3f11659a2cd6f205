import { SetMetadata } from '@nestjs/common';
import type { Role } from '../../../core/src/auth/roles';

export const ROLES_KEY = 'roles';
export const PUBLIC_KEY = 'public';

/** Roles allowed besides admin. A route without this decorator is for admin keys only. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const Public = () => SetMetadata(PUBLIC_KEY, true);
