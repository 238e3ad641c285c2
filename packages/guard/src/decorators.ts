import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuthenticatedUser } from './access-token-verifier.js';

export const IS_PUBLIC = 'auth-guard:public';
export const REQUIRED_ROLES = 'auth-guard:roles';
/** Where the guard puts the authenticated user on the request. */
export const REQUEST_USER = 'authUser';

/** Lets a route through the guard without a token (when the guard is registered globally). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Requires at least one of these roles (from the token's `roles` claim): `user`, `admin`, or an
 * app role the auth service's ROLES lists (`@Roles('editor')`).
 */
export const Roles = (...roles: string[]) => SetMetadata(REQUIRED_ROLES, roles);

/**
 * The caller: `{ userId, sessionId, roles, claims, tokenId, issuedAt, expiresAt }`, or one of
 * its fields (`@CurrentUser('claims') claims: Partial<MyClaims>`).
 */
export const CurrentUser = createParamDecorator((field: keyof AuthenticatedUser | undefined, ctx: ExecutionContext) => {
  const user = ctx.switchToHttp().getRequest()[REQUEST_USER] as AuthenticatedUser | undefined;
  return field ? user?.[field] : user;
});
