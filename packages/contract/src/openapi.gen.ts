// Generated from GET /openapi.json by openapi-typescript (npm run contract:generate): do not edit.
export interface paths {
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (text exposition format) */
        get: operations["MetricsController_scrape"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The public keys that verify access tokens and encrypt refresh envelopes */
        get: operations["JwksController_jwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account */
        post: operations["AuthController_register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in: starts a session family and returns its first token pair (in cookie mode without refreshToken, which goes to the cookie); a DPoP proof binds it to the key */
        post: operations["AuthController_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate a refresh token (the body's, or the cookie's in cookie mode): a new pair; a rotated token presented again ends the family */
        post: operations["AuthController_refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End a session: the Bearer token's, or without one the family of the body's refreshToken (of the cookie in cookie mode) */
        post: operations["AuthController_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's account; `mfa`: a second factor is active */
        get: operations["AuthController_me"];
        put?: never;
        post?: never;
        /** Delete the caller's account: sessions, factors, identities and tokens go; audit events stay without the email */
        delete: operations["AccountController_deleteMe"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change the password; every other session of the user ends */
        post: operations["PasswordController_changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search users by an email fragment, a page at a time */
        get: operations["AdminController_searchUsers"];
        put?: never;
        /** Create an account; `invite: true` mails it a set-password link */
        post: operations["AdminAccountsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One user, with the disabled flag */
        get: operations["AdminController_getUser"];
        put?: never;
        post?: never;
        /** Delete an account, as DELETE /auth/me does */
        delete: operations["AdminAccountsController_remove"];
        options?: never;
        head?: never;
        /** Disable or enable a user, or set their roles; disabling ends all their sessions */
        patch: operations["AdminController_updateUser"];
        trace?: never;
    };
    "/admin/users/{id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End every session of a user */
        delete: operations["AdminController_endUserSessions"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live sessions of every user (or one), newest first */
        get: operations["AdminController_listSessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One session with its generations */
        get: operations["AdminController_sessionDetail"];
        put?: never;
        post?: never;
        /** End one session */
        delete: operations["AdminController_endSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit events, newest first, filtered by user, session or type */
        get: operations["AdminController_searchAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The roles users can be given: user, admin and the app roles of ROLES */
        get: operations["AdminConsoleController_roles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live sessions now, and logins, refreshes, reuse detections and device mismatches per hour over the last 24 hours */
        get: operations["AdminConsoleController_overview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The published signing and envelope keys (never a private part), with the rotation timings */
        get: operations["AdminConsoleController_listKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/keys/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish a new signing and envelope key now; they are used after KEY_ACTIVATION_DELAY */
        post: operations["AdminConsoleController_rotateKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: 200 while the process serves HTTP (no dependency checked) */
        get: operations["HealthController_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: 200 when the database answers and the signing keys are loaded, else 503 */
        get: operations["HealthController_ready[0]"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: 200 when the database answers and the signing keys are loaded, else 503 */
        get: operations["HealthController_ready[1]"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/revocations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Session families ended since a cursor, for guards of other services */
        get: operations["RevocationsController_feed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/revocations/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The same feed pushed as Server-Sent Events (needs Accept: text/event-stream); resume with Last-Event-ID */
        get: operations["RevocationsController_stream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** RFC 6749 §6: grant_type=refresh_token, the same rotation as POST /auth/refresh; a DPoP header for key-bound sessions */
        post: operations["OAuthController_token"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** RFC 7009: a refresh or access token ends its whole session family; anything else is ignored */
        post: operations["OAuthController_revoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/introspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** RFC 7662, for resource servers holding INTROSPECTION_SECRET (Basic password or Bearer) */
        post: operations["OAuthController_introspect"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/oauth-authorization-server": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** RFC 8414 authorization server metadata */
        get: operations["OAuthMetadataController_metadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The configured OpenID Connect providers, for sign-in buttons */
        get: operations["OidcController_providers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/oidc/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Start a provider sign-in: 302 to the provider (or to redirect_uri?error=provider_error while the provider is not discovered) */
        get: operations["OidcController_start"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/oidc/{id}/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where the provider sends the browser back: 302 to redirect_uri (mode=cookie: with the refresh cookie set; mode=code: ?code=; failures: ?error=) */
        get: operations["OidcController_callback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/oidc/exchange": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Trade the one-time code of a mode=code sign-in and the app's PKCE verifier for a token pair */
        post: operations["OidcController_exchange"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's linked provider accounts, oldest first */
        get: operations["OidcController_identities"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/identities/link-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A single-use link token (60 s): a provider sign-in started with it links the provider account to the caller */
        post: operations["OidcController_linkToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/identities/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Unlink one of the caller's provider accounts; never the only way to sign in (409 last_sign_in_method) */
        delete: operations["OidcController_unlink"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{id}/identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's linked OpenID Connect provider accounts, oldest first */
        get: operations["OidcAdminController_identities"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook endpoints */
        get: operations["WebhooksController_list"];
        put?: never;
        /** Register a webhook endpoint; the answer holds its signing secret, once */
        post: operations["WebhooksController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a webhook endpoint and its delivery log */
        delete: operations["WebhooksController_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The delivery log of an endpoint, newest first */
        get: operations["WebhooksController_deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a `webhook.test` event to this endpoint */
        post: operations["WebhooksController_sendTest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/me/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Everything stored about the caller, as JSON (no password hash, no token) */
        get: operations["AccountController_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/email/change": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mail a confirmation link to a new address, and a notice to the current one */
        post: operations["AccountController_changeEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/email/change/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm a new email with the mailed token: it becomes the (verified) email; every other session ends */
        post: operations["AccountController_confirmEmailChange"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's live sessions, newest first */
        get: operations["SessionsController_list"];
        put?: never;
        post?: never;
        /** End all the caller's sessions, or all but the current one (keep=current) */
        delete: operations["SessionsController_endAll"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End one of the caller's sessions (another user's id: 404) */
        delete: operations["SessionsController_endOne"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password/forgot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mail a one-time reset link; 202 whether or not the account exists */
        post: operations["RecoveryController_forgot"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a new password with a mailed token; every session family of the account ends */
        post: operations["RecoveryController_reset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password/reset/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Say whether a mailed reset token would be accepted now, without spending it */
        post: operations["RecoveryController_checkReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/email/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm an email address with a mailed token */
        post: operations["RecoveryController_verify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/email/verify/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mail a new verification link to the caller (older links stop working) */
        post: operations["RecoveryController_resend"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PagesController_resetPassword"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PagesController_verifyEmail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/confirm-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PagesController_confirmEmail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/recovery/recovery.js": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PagesController_script"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/recovery/recovery.css": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PagesController_style"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/favicon.ico": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PagesController_favicon"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/mfa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's factors (never a secret) and how many recovery codes are left */
        get: operations["MfaController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/mfa/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a TOTP factor: its secret and otpauth:// URL (for a QR code); pending until confirmed with a code */
        post: operations["MfaController_startTotp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/mfa/totp/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Activate a pending TOTP factor with a code from the app; the first factor comes with 10 recovery codes */
        post: operations["MfaController_confirmTotp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/mfa/totp/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a TOTP factor (step-up) */
        delete: operations["MfaController_deleteTotp"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/mfa/recovery-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 10 new recovery codes (step-up); the old ones stop working */
        post: operations["MfaController_regenerateRecoveryCodes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/passkeys/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Options to create a passkey (PublicKeyCredentialCreationOptionsJSON); the challenge is single use, 5 minutes */
        post: operations["MfaController_passkeyOptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/passkeys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a passkey from navigator.credentials.create(); the first factor comes with 10 recovery codes */
        post: operations["MfaController_registerPasskey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/passkeys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a passkey (step-up) */
        delete: operations["MfaController_deletePasskey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/passkeys/login/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A usernameless passkey challenge (no allowCredentials), single use, 5 minutes */
        post: operations["MfaController_passkeyLoginOptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/passkeys/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with a passkey alone (a discoverable credential names the account); cookie mode as for login */
        post: operations["MfaController_passkeyLogin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/mfa/challenge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Passkey options for the second step of a login (its mfaToken) */
        post: operations["MfaController_secondStepOptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/mfa/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The second step of a login: a TOTP code, a recovery code or a passkey; the session starts here (cookie mode as for login) */
        post: operations["MfaController_verify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/step-up/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Passkey options for a step-up of the caller's session */
        post: operations["MfaController_stepUpOptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/step-up": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm it is you with a factor: a token pair of the same session with a fresh auth_time and `mfa` in amr */
        post: operations["MfaController_stepUp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{id}/mfa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's factors (never a secret) */
        get: operations["AdminMfaController_list"];
        put?: never;
        post?: never;
        /** Reset a user's second factors (step-up): every factor and recovery code removed, every session ended */
        delete: operations["AdminMfaController_reset"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ApiErrorBody: {
            /** @example 401 */
            statusCode: number;
            /** @example Unauthorized */
            error: string;
            /**
             * @description Stable, machine-readable; see docs/api.md "Errors"
             * @enum {string}
             */
            code: "validation_failed" | "email_taken" | "invalid_credentials" | "account_disabled" | "invalid_token" | "token_expired" | "session_revoked" | "forbidden" | "invalid_refresh_token" | "refresh_token_expired" | "refresh_token_reused" | "device_mismatch" | "envelope_invalid" | "envelope_required" | "rate_limited" | "not_found" | "unavailable" | "invalid_dpop_proof" | "use_dpop_nonce" | "method_not_allowed" | "payload_too_large" | "unsupported_media_type" | "reset_token_invalid" | "email_not_verified" | "csrf_failed" | "token_outdated" | "redirect_uri_not_allowed" | "last_sign_in_method" | "link_token_invalid" | "oidc_code_invalid" | "invalid_state" | "mfa_required" | "invalid_mfa_code" | "mfa_token_invalid" | "step_up_required";
            /** @example human readable */
            message: string;
            /**
             * @description validation_failed only: which field and why
             * @example [
             *       {
             *         "field": "email",
             *         "message": "email must be an email address"
             *       }
             *     ]
             */
            details?: string[];
        };
        JwksResponse: {
            /** @description Public JWKs: `use: sig` (ES256) and `use: enc` (RSA-OAEP-256) */
            keys: {
                [key: string]: unknown;
            }[];
        };
        RegisterDto: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /**
             * @description Any Unicode, used exactly as typed
             * @example correct horse battery
             */
            password: string;
            /** @example Ada */
            name?: string;
        };
        UserResponse: {
            /** Format: uuid */
            id: string;
            /** Format: email */
            email: string;
            name: string | null;
            /**
             * @example [
             *       "user"
             *     ]
             */
            roles: string[];
            /** Format: date-time */
            createdAt: string;
        };
        LoginDto: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /** @example correct horse battery */
            password: string;
            /**
             * @description The client's own device id; absent: one is generated and returned
             * @example ada-laptop-1
             */
            deviceId?: string;
            /** @example Laptop */
            deviceName?: string;
            /** @description The `deviceToken` of an earlier login on this device: a guess budget of its own, never refused for others' failures */
            deviceToken?: string;
        };
        LoginResponse: {
            /**
             * @description `DPoP` when the access token is bound to the DPoP key of the login's proof (RFC 9449): send it as `Authorization: DPoP` with a proof
             * @enum {string}
             */
            tokenType: "Bearer" | "DPoP";
            /** @description JWS (ES256, typ at+jwt), verifiable with /.well-known/jwks.json */
            accessToken: string;
            /**
             * @description Seconds the access token is valid
             * @example 600
             */
            expiresIn: number;
            /** @description Opaque and one-time: each refresh returns a new one. Absent in cookie mode (the HttpOnly cookie carries it) */
            refreshToken?: string;
            /**
             * @description Seconds until the refresh token expires (idle or absolute)
             * @example 1209600
             */
            refreshExpiresIn: number;
            /**
             * Format: uuid
             * @description The session family id (`sid` of the access token)
             */
            sessionId: string;
            /** @example ada-laptop-1 */
            deviceId: string;
            /** @description Opaque and signed, bound to the user and deviceId, valid a year: send it with later logins on this device */
            deviceToken: string;
        };
        RefreshDto: {
            /** @description The newest refresh token of the session (or send `envelope` instead) */
            refreshToken?: string;
            /** @description When sent, must be the session's device id */
            deviceId?: string;
            /** @description JWE (RSA-OAEP-256, A256GCM, kid of the JWKS `enc` key) of `{ refreshToken, deviceId, ts }`; excludes the other fields */
            envelope?: string;
        };
        TokenPairResponse: {
            /**
             * @description `DPoP` when the access token is bound to the DPoP key of the login's proof (RFC 9449): send it as `Authorization: DPoP` with a proof
             * @enum {string}
             */
            tokenType: "Bearer" | "DPoP";
            /** @description JWS (ES256, typ at+jwt), verifiable with /.well-known/jwks.json */
            accessToken: string;
            /**
             * @description Seconds the access token is valid
             * @example 600
             */
            expiresIn: number;
            /** @description Opaque and one-time: each refresh returns a new one. Absent in cookie mode (the HttpOnly cookie carries it) */
            refreshToken?: string;
            /**
             * @description Seconds until the refresh token expires (idle or absolute)
             * @example 1209600
             */
            refreshExpiresIn: number;
            /**
             * Format: uuid
             * @description The session family id (`sid` of the access token)
             */
            sessionId: string;
            /** @example ada-laptop-1 */
            deviceId: string;
        };
        LogoutDto: {
            /** @description Without a Bearer token: the refresh token of the session to end */
            refreshToken?: string;
        };
        MeResponse: {
            /** Format: uuid */
            id: string;
            /** Format: email */
            email: string;
            name: string | null;
            /**
             * @example [
             *       "user"
             *     ]
             */
            roles: string[];
            /** Format: date-time */
            createdAt: string;
            /** @description The email was verified (a mailed link was followed) */
            emailVerified: boolean;
            /** @description The account has a password (false: it signs in only through a provider or a passkey) */
            hasPassword: boolean;
            /** @description A second factor (TOTP or passkey) is active */
            mfa: boolean;
        };
        ChangePasswordDto: {
            currentPassword: string;
            /** @description Any Unicode, used exactly as typed */
            newPassword: string;
        };
        AdminUserResponse: {
            /** Format: uuid */
            id: string;
            /** Format: email */
            email: string;
            name: string | null;
            /**
             * @example [
             *       "user"
             *     ]
             */
            roles: string[];
            /** Format: date-time */
            createdAt: string;
            disabled?: boolean;
            /** @description Whether the user proved they own the email address */
            emailVerified?: boolean;
            /** @description What access tokens carry as `claims` */
            claims?: {
                [key: string]: unknown;
            };
        };
        UsersPage: {
            items: components["schemas"]["AdminUserResponse"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        UpdateUserDto: {
            /** @description true: the account cannot log in or refresh, and every session of it ends */
            disabled?: boolean;
            /** @description The complete new set of roles: `user`, `admin` and the app roles of ROLES */
            roles?: string[];
            /** @description The JSON object access tokens carry as `claims` (at most 1 KiB; not iss sub aud exp nbf iat jti sid roles amr auth_time cnf claims); `{}` removes them */
            claims?: {
                [key: string]: unknown;
            };
            /** @description Mark the email verified (or not) without a mail */
            emailVerified?: boolean;
        };
        SessionResponse: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            userId: string;
            deviceId: string;
            deviceName: string | null;
            userAgent: string | null;
            ip: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastUsedAt: string;
            /**
             * Format: date-time
             * @description The earlier of the idle and the absolute expiry
             */
            expiresAt: string;
            /** @description In /auth/sessions only: the session making the request */
            current?: boolean;
        };
        SessionsPage: {
            items: components["schemas"]["SessionResponse"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        GenerationResponse: {
            /** Format: uuid */
            id: string;
            /**
             * Format: uuid
             * @description null for the first generation
             */
            parentId: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            rotatedAt: string | null;
            /** Format: date-time */
            expiresAt: string;
        };
        SessionDetailResponse: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            userId: string;
            deviceId: string;
            deviceName: string | null;
            userAgent: string | null;
            ip: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastUsedAt: string;
            /**
             * Format: date-time
             * @description The earlier of the idle and the absolute expiry
             */
            expiresAt: string;
            /** @description In /auth/sessions only: the session making the request */
            current?: boolean;
            /** @description The newest generations, oldest first, linked by parentId */
            generations: components["schemas"]["GenerationResponse"][];
            /** @description How many generations the family holds, shown or not */
            generationCount: number;
        };
        /** @enum {string} */
        AuditType: "user_registered" | "login_succeeded" | "login_failed" | "token_refreshed" | "refresh_reuse_detected" | "device_mismatch" | "session_revoked" | "password_changed" | "user_disabled" | "roles_changed" | "claims_changed" | "password_reset_requested" | "password_reset" | "email_verified" | "user_deleted" | "user_created_by_admin" | "email_changed" | "webhook_created" | "webhook_deleted" | "identity_linked" | "identity_unlinked" | "mfa_enrolled" | "mfa_removed" | "mfa_verified" | "mfa_failed" | "recovery_code_used" | "passkey_registered" | "passkey_removed" | "step_up" | "keys_rotated";
        AuditEventResponse: {
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            at: string;
            type: components["schemas"]["AuditType"];
            /** Format: uuid */
            userId: string | null;
            /**
             * Format: uuid
             * @description The session the event is about; asked with ?sessionId=, that session even when the event names several
             */
            sessionId: string | null;
            /** @description Every session an event about several names (ending all of a user's sessions writes one event), else null */
            sessionIds: string[] | null;
            ip: string | null;
            userAgent: string | null;
            detail: {
                [key: string]: unknown;
            };
        };
        AuditPage: {
            items: components["schemas"]["AuditEventResponse"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        RolesResponse: {
            /**
             * @example [
             *       "user",
             *       "admin",
             *       "editor"
             *     ]
             */
            roles: string[];
        };
        OverviewCountsResponse: {
            /** @description login_succeeded events */
            logins: number;
            /** @description login_failed events */
            loginFailures: number;
            /** @description token_refreshed events */
            refreshes: number;
            /** @description refresh_reuse_detected events */
            reuseDetections: number;
            /** @description device_mismatch events */
            deviceMismatches: number;
        };
        OverviewHourResponse: {
            /** @description login_succeeded events */
            logins: number;
            /** @description login_failed events */
            loginFailures: number;
            /** @description token_refreshed events */
            refreshes: number;
            /** @description refresh_reuse_detected events */
            reuseDetections: number;
            /** @description device_mismatch events */
            deviceMismatches: number;
            /**
             * Format: date-time
             * @description Start of the UTC hour
             */
            hour: string;
        };
        OverviewResponse: {
            /**
             * Format: date-time
             * @description Start of the first hourly bucket (23 hours before the current UTC hour)
             */
            from: string;
            /** Format: date-time */
            to: string;
            /** @description Families live now: not expired, not ended */
            liveSessions: number;
            totals: components["schemas"]["OverviewCountsResponse"];
            /** @description 24 buckets, oldest first; the last is the current, partial hour */
            hourly: components["schemas"]["OverviewHourResponse"][];
        };
        KeyResponse: {
            kid: string;
            /** @enum {string} */
            use: "sig" | "enc";
            /** @example ES256 */
            alg: string;
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description From when it signs (sig) or is preferred (enc)
             */
            activatesAt: string;
            /**
             * Format: date-time
             * @description When a newer key takes (or took) over
             */
            retiredAt: string | null;
            /** @enum {string} */
            state: "pending" | "active" | "retired";
        };
        KeysResponse: {
            /** @description KEY_ACTIVATION_DELAY: seconds between publishing a rotated key and using it */
            activationDelaySeconds: number;
            /** @description SIGNING_KEY_ROTATION, or null when keys rotate only on demand */
            automaticRotationSeconds: number | null;
            /** @description How long a retired key stays published (access-token lifetime plus clock skew) */
            retiredKeyPublishedSeconds: number;
            /** @description The published keys, newest first */
            items: components["schemas"]["KeyResponse"][];
        };
        RotationResponse: {
            /**
             * Format: date-time
             * @description When the new keys take over
             */
            activatesAt: string;
            activationDelaySeconds: number;
            /** @description The new signing and envelope keys */
            created: components["schemas"]["KeyResponse"][];
        };
        HealthView: {
            /** @example ok */
            status: string;
            /**
             * @description Each readiness check and its state
             * @example {
             *       "database": {
             *         "status": "up"
             *       },
             *       "keys": {
             *         "status": "up"
             *       }
             *     }
             */
            checks?: Record<string, never>;
        };
        RevokedSession: {
            /**
             * Format: uuid
             * @description The ended session family (`sid` of its access tokens)
             */
            sid: string;
            /**
             * Format: date-time
             * @description After this, no access token of the family can still be valid
             */
            until: string;
        };
        OutdatedTokens: {
            /**
             * Format: uuid
             * @description A user whose roles or claims changed (`sub` of their access tokens)
             */
            sub: string;
            /**
             * Format: date-time
             * @description Access tokens of the user issued before this are refused with `token_outdated`
             */
            notBefore: string;
            /**
             * Format: date-time
             * @description After this, no access token issued before `notBefore` can still be valid
             */
            until: string;
        };
        RevocationsResponse: {
            /** @description Pass as `since` next time */
            cursor: string;
            /** @description Ended families `{ sid, until }` and users whose older tokens are outdated `{ sub, notBefore, until }` */
            revoked: (components["schemas"]["RevokedSession"] | components["schemas"]["OutdatedTokens"])[];
        };
        OAuthErrorBody: {
            /** @enum {string} */
            error: "invalid_request" | "invalid_client" | "invalid_grant" | "unsupported_grant_type" | "invalid_dpop_proof" | "use_dpop_nonce" | "temporarily_unavailable";
            /** @example The refresh token was already used; the session has been ended */
            error_description: string;
        };
        OAuthTokenResponseBody: {
            access_token: string;
            /** @enum {string} */
            token_type: "Bearer" | "DPoP";
            /** @example 600 */
            expires_in: number;
            refresh_token: string;
        };
        IntrospectionResponseBody: {
            active: boolean;
            /** @enum {string} */
            token_type?: "Bearer" | "DPoP" | "refresh_token";
            sub?: string;
            /** @description the session family */
            sid?: string;
            exp?: number;
            /** @description bound tokens: { jkt } */
            cnf?: Record<string, never>;
        };
        AuthorizationServerMetadataBody: {
            issuer: string;
            token_endpoint: string;
            revocation_endpoint: string;
            /** @description only with INTROSPECTION_SECRET */
            introspection_endpoint?: string;
            jwks_uri: string;
            /**
             * @example [
             *       "refresh_token"
             *     ]
             */
            grant_types_supported: string[];
            /**
             * @example [
             *       "ES256",
             *       "EdDSA",
             *       "RS256",
             *       "PS256"
             *     ]
             */
            dpop_signing_alg_values_supported: string[];
        };
        ProviderResponse: {
            /** @example google */
            id: string;
            /** @example Google */
            name: string;
        };
        OidcExchangeDto: {
            /** @description The `code` the callback put on redirect_uri */
            code: string;
            /** @description The PKCE verifier of the code_challenge given at start */
            codeVerifier: string;
        };
        IdentityResponse: {
            /** Format: uuid */
            id: string;
            /**
             * @description The provider id of OIDC_PROVIDERS
             * @example google
             */
            provider: string;
            /** @description The provider's `sub` for this person */
            subject: string;
            /**
             * Format: email
             * @description The email the provider gave when it was linked
             */
            email: string | null;
            /** Format: date-time */
            createdAt: string;
        };
        LinkTokenResponse: {
            /** @description Single use, 60 s: pass it to GET /auth/oidc/:id/start as link_token */
            linkToken: string;
        };
        CreateWebhookDto: {
            /**
             * @description http(s) URL; private and loopback addresses are refused unless WEBHOOK_ALLOW_PRIVATE=on
             * @example https://hooks.example.com/auth
             */
            url: string;
            events: ("user.created" | "user.deleted" | "user.disabled" | "user.email_changed" | "session.revoked" | "session.reuse_detected" | "password.changed" | "mfa.enrolled" | "mfa.removed")[];
        };
        CreatedWebhookResponse: {
            /** Format: uuid */
            id: string;
            url: string;
            events: ("user.created" | "user.deleted" | "user.disabled" | "user.email_changed" | "session.revoked" | "session.reuse_detected" | "password.changed" | "mfa.enrolled" | "mfa.removed")[];
            /** Format: date-time */
            createdAt: string;
            /** @description The signing secret (`whsec_` + base64), shown this once */
            secret: string;
        };
        WebhookResponse: {
            /** Format: uuid */
            id: string;
            url: string;
            events: ("user.created" | "user.deleted" | "user.disabled" | "user.email_changed" | "session.revoked" | "session.reuse_detected" | "password.changed" | "mfa.enrolled" | "mfa.removed")[];
            /** Format: date-time */
            createdAt: string;
        };
        DeliveryResponse: {
            /**
             * Format: uuid
             * @description The message id (`webhook-id` header)
             */
            id: string;
            /** @description The event type */
            event: string;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed";
            attempts: number;
            /** Format: date-time */
            lastAttemptAt: string | null;
            responseStatus: number | null;
            /** @description Why the last attempt failed, when it did */
            lastError?: string | null;
            /** Format: date-time */
            createdAt: string;
        };
        DeliveriesPage: {
            items: components["schemas"]["DeliveryResponse"][];
            nextCursor: string | null;
        };
        TestEventResponse: {
            /** Format: uuid */
            id: string;
        };
        DeleteMeDto: {
            /** @description The account's password; an account without one steps up instead (POST /auth/step-up) */
            password?: string;
        };
        ChangeEmailDto: {
            /**
             * Format: email
             * @example ada@new.example.com
             */
            newEmail: string;
            /** @description The account's password */
            password: string;
        };
        ConfirmEmailChangeDto: {
            /** @description The token of the mailed link */
            token: string;
        };
        CreateUserDto: {
            /**
             * Format: email
             * @example grace@example.com
             */
            email: string;
            name?: string;
            /** @description `user`, `admin` and the app roles of ROLES; default `["user"]` */
            roles?: string[];
            /** @description Mail a set-password link valid INVITE_TTL seconds */
            invite?: boolean;
        };
        ForgotPasswordDto: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
        };
        ResetPasswordDto: {
            /** @description The token of the mailed link */
            token: string;
            /** @description Any Unicode, used exactly as typed */
            newPassword: string;
        };
        CheckResetTokenDto: {
            /** @description The token of the mailed link */
            token: string;
        };
        ResetTokenCheckDto: {
            /** @description true: POST /auth/password/reset with this token would be accepted now */
            valid: boolean;
            /**
             * @description Why not, when valid is false: the code the reset would answer
             * @enum {string}
             */
            code?: "reset_token_invalid" | "account_disabled";
        };
        VerifyEmailDto: {
            /** @description The token of the mailed link */
            token: string;
        };
        TotpFactorView: {
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastUsedAt: Record<string, never> | null;
        };
        PasskeyView: {
            /** Format: uuid */
            id: string;
            /** @example Laptop */
            name: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastUsedAt: Record<string, never> | null;
            /** @description The credential is backed up (synced), per its backup state flag */
            backedUp: boolean;
            /** @enum {string} */
            deviceType: "singleDevice" | "multiDevice";
        };
        FactorsResponse: {
            totp: components["schemas"]["TotpFactorView"][];
            passkeys: components["schemas"]["PasskeyView"][];
            /** @example 10 */
            recoveryCodesLeft: number;
        };
        TotpEnrolmentResponse: {
            /** Format: uuid */
            id: string;
            /** @description base32, for typing into an app */
            secret: string;
            /** @example otpauth://totp/Auth%20service:ada%40example.com?secret=...&issuer=Auth%20service */
            otpauthUrl: string;
        };
        CodeDto: {
            /**
             * @description A TOTP code from the authenticator app
             * @example 123456
             */
            code: string;
        };
        RecoveryCodesResponse: {
            /**
             * @description Shown once; each works once
             * @example [
             *       "ABCD-EFGH-IJKL-MNOP"
             *     ]
             */
            recoveryCodes: string[];
        };
        WebAuthnOptions: {
            /** @description base64url */
            challenge: string;
            rpId?: string;
            timeout?: number;
        };
        AttestationBody: {
            clientDataJSON: string;
            attestationObject: string;
            transports?: string[];
            authenticatorData?: string;
            publicKey?: string;
            /** @description COSE algorithm of the new key */
            publicKeyAlgorithm?: number;
        };
        RegistrationResponseDto: {
            id: string;
            rawId: string;
            /** @enum {string} */
            type: "public-key";
            response: components["schemas"]["AttestationBody"];
            clientExtensionResults: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            authenticatorAttachment?: "platform" | "cross-platform";
        };
        RegisterPasskeyDto: {
            response: components["schemas"]["RegistrationResponseDto"];
            /** @example Laptop */
            name?: string;
        };
        PasskeyResponse: {
            /** Format: uuid */
            id: string;
            name: string;
            /** Format: date-time */
            createdAt: string;
            /** @description Only when this is the user's first factor: 10 recovery codes, shown once */
            recoveryCodes?: string[];
        };
        PasskeyLoginOptionsResponse: {
            options: components["schemas"]["WebAuthnOptions"];
            /** Format: uuid */
            challengeId: string;
        };
        AssertionBody: {
            clientDataJSON: string;
            authenticatorData: string;
            signature: string;
            userHandle?: string;
            attestationObject?: string;
        };
        AuthenticationResponseDto: {
            id: string;
            rawId: string;
            /** @enum {string} */
            type: "public-key";
            response: components["schemas"]["AssertionBody"];
            clientExtensionResults: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            authenticatorAttachment?: "platform" | "cross-platform";
        };
        PasskeyLoginDto: {
            /**
             * Format: uuid
             * @description From POST /auth/passkeys/login/options
             */
            challengeId: string;
            response: components["schemas"]["AuthenticationResponseDto"];
            deviceId?: string;
            deviceName?: string;
        };
        MfaTokenDto: {
            /** @description The mfaToken of the mfa_required answer */
            mfaToken: string;
        };
        RequestOptionsResponse: {
            options: components["schemas"]["WebAuthnOptions"];
        };
        MfaVerifyDto: {
            /**
             * @description A TOTP code or a recovery code (send `code` or `passkey`)
             * @example 123456
             */
            code?: string;
            /** @description A passkey assertion for the options of /auth/mfa/challenge or /auth/step-up/options */
            passkey?: components["schemas"]["AuthenticationResponseDto"];
            /** @description The mfaToken of the mfa_required answer */
            mfaToken: string;
        };
        SecondFactorDto: {
            /**
             * @description A TOTP code or a recovery code (send `code` or `passkey`)
             * @example 123456
             */
            code?: string;
            /** @description A passkey assertion for the options of /auth/mfa/challenge or /auth/step-up/options */
            passkey?: components["schemas"]["AuthenticationResponseDto"];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    MetricsController_scrape: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description http_request_duration_seconds, auth_login_total, auth_refresh_total, auth_sessions_ended_total and Node process metrics */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain; version=0.0.4; charset=utf-8": string;
                };
            };
            /** @description `invalid_token`: The access token is missing or invalid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    JwksController_jwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JwksResponse"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AuthController_register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserResponse"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `email_taken`: An account with this email already exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AuthController_login: {
        parameters: {
            query?: never;
            header?: {
                /** @description `cookie`: the refresh token travels in an HttpOnly cookie (Path=/auth) instead of the body; needs an allowed Origin */
                "X-Auth-Mode"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_credentials`: Email or password is wrong
             *
             *     `invalid_dpop_proof`: The DPoP proof is missing or invalid
             *
             *     `use_dpop_nonce`: Send the DPoP proof again with the nonce of the DPoP-Nonce header
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `account_disabled`: This account is disabled
             *
             *     `csrf_failed`: Cookie mode is not allowed from this origin
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AuthController_refresh: {
        parameters: {
            query?: never;
            header?: {
                /** @description `cookie`: the refresh token travels in an HttpOnly cookie (Path=/auth) instead of the body; needs an allowed Origin */
                "X-Auth-Mode"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPairResponse"];
                };
            };
            /**
             * @description `validation_failed`: The request is not valid
             *
             *     `envelope_invalid`: The refresh envelope is invalid
             *
             *     `envelope_required`: Refresh requests must use an envelope
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_refresh_token`: The refresh token is invalid
             *
             *     `refresh_token_expired`: The refresh token has expired
             *
             *     `refresh_token_reused`: The refresh token was already used; the session has been ended
             *
             *     `device_mismatch`: The refresh token belongs to another device; the session has been ended
             *
             *     `invalid_dpop_proof`: The DPoP proof is missing or invalid
             *
             *     `use_dpop_nonce`: Send the DPoP proof again with the nonce of the DPoP-Nonce header
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `account_disabled`: This account is disabled
             *
             *     `csrf_failed`: Cookie mode is not allowed from this origin
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AuthController_logout: {
        parameters: {
            query?: never;
            header?: {
                /** @description `cookie`: the refresh token travels in an HttpOnly cookie (Path=/auth) instead of the body; needs an allowed Origin */
                "X-Auth-Mode"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LogoutDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_refresh_token`: The refresh token is invalid
             *
             *     `refresh_token_expired`: The refresh token has expired
             *
             *     `refresh_token_reused`: The refresh token was already used; the session has been ended
             *
             *     `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `account_disabled`: This account is disabled
             *
             *     `csrf_failed`: Cookie mode is not allowed from this origin
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AuthController_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeResponse"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AccountController_deleteMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeleteMeDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_credentials`: Email or password is wrong
             *
             *     `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `step_up_required`: Confirm it is you with a second factor (POST /auth/step-up), then try again
             *
             *     `forbidden`: You are not allowed to do this
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    PasswordController_changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePasswordDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_credentials`: Email or password is wrong
             *
             *     `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AdminController_searchUsers: {
        parameters: {
            query?: {
                /** @description Page size; above 100 it is clamped to 100 */
                limit?: number;
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
                /** @description A fragment of the email, matched case-insensitively */
                query?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsersPage"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AdminAccountsController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUserDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUserResponse"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `email_taken`: An account with this email already exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AdminController_getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUserResponse"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AdminAccountsController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AdminController_updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUserDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUserResponse"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AdminController_endUserSessions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AdminController_listSessions: {
        parameters: {
            query?: {
                /** @description Page size; above 100 it is clamped to 100 */
                limit?: number;
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
                /** @description Only this user's sessions */
                userId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionsPage"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AdminController_sessionDetail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDetailResponse"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AdminController_endSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AdminController_searchAudit: {
        parameters: {
            query?: {
                /** @description Page size; above 100 it is clamped to 100 */
                limit?: number;
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
                userId?: string;
                sessionId?: string;
                type?: components["schemas"]["AuditType"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AdminConsoleController_roles: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RolesResponse"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AdminConsoleController_overview: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OverviewResponse"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AdminConsoleController_listKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeysResponse"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AdminConsoleController_rotateKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RotationResponse"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    HealthController_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthView"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    "HealthController_ready[0]": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthView"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    "HealthController_ready[1]": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthView"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    RevocationsController_feed: {
        parameters: {
            query?: {
                /** @description The `cursor` of a previous answer */
                since?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevocationsResponse"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `invalid_token`: The access token is missing or invalid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    RevocationsController_stream: {
        parameters: {
            query?: {
                /** @description The `cursor` of a previous answer */
                since?: string;
                /** @description Seconds between heartbeat comments; default REVOCATION_STREAM_HEARTBEAT */
                heartbeat?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `event: revoked`, `id: <cursor>`, `data: { "revoked": [{ "sid", "until" }] }`, one per committed batch; heartbeat comments between */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `invalid_token`: The access token is missing or invalid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    OAuthController_token: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthTokenResponseBody"];
                };
            };
            /**
             * @description `invalid_request`: A parameter is missing, empty or repeated, or the body is not a form (and at /oauth/token, any refresh while REFRESH_ENVELOPE=required)
             *
             *     `unsupported_grant_type`: Only refresh_token is offered here
             *
             *     `invalid_grant`: The refresh token is unknown, expired, reused (the session is ended) or bound to another device or key
             *
             *     `invalid_dpop_proof`: The DPoP proof is missing where the session is bound, or invalid
             *
             *     `use_dpop_nonce`: DPOP_NONCE=on: sign the proof again with the DPoP-Nonce of this answer
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorBody"];
                };
            };
            /** @description `temporarily_unavailable`: Too many requests from this ip; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    OAuthController_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked, or nothing to revoke */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `invalid_request`: A parameter is missing, empty or repeated, or the body is not a form (and at /oauth/token, any refresh while REFRESH_ENVELOPE=required) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorBody"];
                };
            };
            /** @description `temporarily_unavailable`: Too many requests from this ip; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    OAuthController_introspect: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntrospectionResponseBody"];
                };
            };
            /** @description `invalid_request`: A parameter is missing, empty or repeated, or the body is not a form (and at /oauth/token, any refresh while REFRESH_ENVELOPE=required) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorBody"];
                };
            };
            /** @description `invalid_client`: The INTROSPECTION_SECRET is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `temporarily_unavailable`: Too many requests from this ip; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    OAuthMetadataController_metadata: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthorizationServerMetadataBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    OidcController_providers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderResponse"][];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    OidcController_start: {
        parameters: {
            query: {
                /** @description Absolute URL on an origin of CORS_ORIGINS or OIDC_REDIRECT_ORIGINS; the browser comes back here */
                redirect_uri: string;
                /** @description `cookie`: the refresh cookie is set and nothing goes in the URL; `code`: a one-time code for POST /auth/oidc/exchange */
                mode: "cookie" | "code";
                /** @description mode=code: BASE64URL(SHA-256(code_verifier)) of the app's own PKCE verifier (S256) */
                code_challenge?: string;
                /** @description Only S256 */
                code_challenge_method?: "S256";
                deviceId?: string;
                deviceName?: string;
                /** @description From POST /auth/identities/link-token: the provider account is linked to that user */
                link_token?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To the provider's authorization endpoint; sets the flow cookie that binds the sign-in to this browser */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description `validation_failed`: The request is not valid
             *
             *     `redirect_uri_not_allowed`: redirect_uri must be an absolute URL on an origin in CORS_ORIGINS or OIDC_REDIRECT_ORIGINS
             *
             *     `link_token_invalid`: The link token is invalid, was already used, or has expired; ask for a new one
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    OidcController_callback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To the flow's redirect_uri */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `invalid_state`: This sign-in is unknown, was already finished, or took longer than 10 minutes; start again */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    OidcController_exchange: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OidcExchangeDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
            /**
             * @description `validation_failed`: The request is not valid
             *
             *     `oidc_code_invalid`: The sign-in code is invalid, was already used, has expired, or does not match the code verifier
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `account_disabled`: This account is disabled
             *
             *     `csrf_failed`: Cookie mode is not allowed from this origin
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    OidcController_identities: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdentityResponse"][];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    OidcController_linkToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkTokenResponse"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    OidcController_unlink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `step_up_required`: Confirm it is you with a second factor (POST /auth/step-up), then try again */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `last_sign_in_method`: This is the only way to sign in to this account; set a password or link another provider first */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    OidcAdminController_identities: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdentityResponse"][];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    WebhooksController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookResponse"][];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    WebhooksController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedWebhookResponse"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    WebhooksController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    WebhooksController_deliveries: {
        parameters: {
            query?: {
                /** @description Page size; above 100 it is clamped to 100 */
                limit?: number;
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveriesPage"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    WebhooksController_sendTest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestEventResponse"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AccountController_export: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `{ exportedAt, profile, sessions, auditEvents, pendingEmailChange, factors, identities }` (factors without their secrets) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AccountController_changeEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangeEmailDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_credentials`: Email or password is wrong
             *
             *     `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `email_taken`: An account with this email already exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AccountController_confirmEmailChange: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConfirmEmailChangeDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description `validation_failed`: The request is not valid
             *
             *     `reset_token_invalid`: The link is invalid, was already used, or has expired; ask for a new one
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `account_disabled`: This account is disabled */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `email_taken`: An account with this email already exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    SessionsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionResponse"][];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    SessionsController_endAll: {
        parameters: {
            query?: {
                /** @description `current`: end every session but the one making the request */
                keep?: "current";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    SessionsController_endOne: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    RecoveryController_forgot: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ForgotPasswordDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    RecoveryController_reset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResetPasswordDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description `validation_failed`: The request is not valid
             *
             *     `reset_token_invalid`: The link is invalid, was already used, or has expired; ask for a new one
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `account_disabled`: This account is disabled */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    RecoveryController_checkReset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CheckResetTokenDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResetTokenCheckDto"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    RecoveryController_verify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerifyEmailDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description `validation_failed`: The request is not valid
             *
             *     `reset_token_invalid`: The link is invalid, was already used, or has expired; ask for a new one
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    RecoveryController_resend: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    PagesController_resetPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    PagesController_verifyEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    PagesController_confirmEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    PagesController_script: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    PagesController_style: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    PagesController_favicon: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    MfaController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FactorsResponse"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    MfaController_startTotp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TotpEnrolmentResponse"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    MfaController_confirmTotp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CodeDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodesResponse"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_mfa_code`: The code or passkey was not accepted
             *
             *     `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    MfaController_deleteTotp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `step_up_required`: Confirm it is you with a second factor (POST /auth/step-up), then try again */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    MfaController_regenerateRecoveryCodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodesResponse"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `step_up_required`: Confirm it is you with a second factor (POST /auth/step-up), then try again */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    MfaController_passkeyOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebAuthnOptions"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    MfaController_registerPasskey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterPasskeyDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasskeyResponse"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    MfaController_deletePasskey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `step_up_required`: Confirm it is you with a second factor (POST /auth/step-up), then try again */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    MfaController_passkeyLoginOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasskeyLoginOptionsResponse"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    MfaController_passkeyLogin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasskeyLoginDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_mfa_code`: The code or passkey was not accepted
             *
             *     `mfa_required`: This account needs a second factor: finish with POST /auth/mfa/verify
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `account_disabled`: This account is disabled
             *
             *     `csrf_failed`: Cookie mode is not allowed from this origin
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    MfaController_secondStepOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MfaTokenDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestOptionsResponse"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `mfa_token_invalid`: The sign-in step is unknown, used or expired: sign in again */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    MfaController_verify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MfaVerifyDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_mfa_code`: The code or passkey was not accepted
             *
             *     `mfa_token_invalid`: The sign-in step is unknown, used or expired: sign in again
             *
             *     `invalid_credentials`: Email or password is wrong
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `account_disabled`: This account is disabled
             *
             *     `csrf_failed`: Cookie mode is not allowed from this origin
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    MfaController_stepUpOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestOptionsResponse"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    MfaController_stepUp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SecondFactorDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPairResponse"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_mfa_code`: The code or passkey was not accepted
             *
             *     `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `csrf_failed`: Cookie mode is not allowed from this origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `rate_limited`: Too many attempts; try again later */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AdminMfaController_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FactorsResponse"];
                };
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `forbidden`: You are not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
    AdminMfaController_reset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `validation_failed`: The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `invalid_token`: The access token is missing or invalid
             *
             *     `token_expired`: The access token has expired
             *
             *     `session_revoked`: The session of this access token has ended
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /**
             * @description `step_up_required`: Confirm it is you with a second factor (POST /auth/step-up), then try again
             *
             *     `forbidden`: You are not allowed to do this
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `not_found`: Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
            /** @description `unavailable`: The service is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorBody"];
                };
            };
        };
    };
}
