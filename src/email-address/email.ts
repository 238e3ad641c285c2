import { isEmail, ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Zero-width characters, soft hyphens, bidi controls, variation selectors...: invisible, so two
 * emails differing only by them look identical in an admin's list. Refused, never stripped.
 */
const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;

/**
 * Control characters (tabs, newlines, DEL, C1) and HTML's angle brackets: RFC 5322 lets a quoted
 * local part carry them (`"<img src=x onerror=...>"@example.com`), and the address then reaches
 * mail headers, logs and admin pages. No real mailbox needs them. A backslash escape in a
 * quoted local part is refused for the same reason (it can smuggle a quote or bracket past a
 * naive parser downstream).
 */
const UNSAFE = /[\p{Cc}<>]/u;
const QUOTED_ESCAPE = /^"[^"]*\\/;

/** Longest email accepted, typed or canonical (RFC 5321's path limit). */
export const MAX_EMAIL_LENGTH = 254;

/**
 * The one form emails are compared in: Unicode NFKC (NFC/NFD, fullwidth and ligature
 * spellings become one), then JavaScript's toLowerCase, which follows Unicode's default case
 * mapping and never a locale. The database stores this string (users.email_canonical) and
 * compares it as is, never applying its own lower(), whose result depends on the collation
 * (PostgreSQL and JavaScript disagree on characters such as U+0130, İ).
 */
export function canonicalEmail(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase();
}

/** Why an email cannot name an account, or undefined when it can. */
export function emailProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'email must be a string';
  if (DEFAULT_IGNORABLE.test(value)) return 'email must not contain invisible (default-ignorable) characters';
  const canonical = canonicalEmail(value);
  // the canonical form too: NFKC turns a fullwidth ＜ into <
  if ([value, canonical].some((v) => UNSAFE.test(v) || QUOTED_ESCAPE.test(v)))
    return 'email must not contain control characters, < or >, or backslash escapes';
  if (value.length > MAX_EMAIL_LENGTH || canonical.length > MAX_EMAIL_LENGTH) return `email must be at most ${MAX_EMAIL_LENGTH} characters`;
  // checked on the canonical form too: NFKC can turn a fullwidth ＠ into a second @
  if (!isEmail(value) || !isEmail(canonical)) return 'email must be an email address';
  return undefined;
}

/** class-validator rule for every email that names an account (register, login, recovery). */
export function IsAccountEmail(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAccountEmail',
      validator: {
        validate: (value: unknown) => emailProblem(value) === undefined,
        defaultMessage: (args) => emailProblem(args?.value) ?? 'email must be an email address',
      },
    },
    options,
  );
}
