import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared.js';

/** A TOTP factor as stored: the secret sealed with the master key, bound to the row id. */
export interface TotpFactorRow {
  id: string;
  userId: string;
  secret: Buffer;
  confirmedAt: Date | null;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** A WebAuthn credential as stored. */
export interface PasskeyRow {
  id: string;
  userId: string;
  credentialId: string;
  publicKey: Buffer;
  counter: number;
  transports: string[];
  deviceType: string;
  backedUp: boolean;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** A credential with what a passkey sign-in needs of its owner. */
export interface PasskeyWithOwner extends PasskeyRow {
  owner: { roles: string[]; claims: Record<string, unknown>; tokensNotBefore: Date | null; disabled: boolean; passwordHash: string };
}

/** The second step of a login, as its mfaToken stands for it. */
export interface MfaTokenRow {
  userId: string;
  amr: string[];
  /** The first step's sign-in method, for the audit event of the session the second step starts. */
  method: string;
  deviceId: string;
  deviceName: string | null;
  knownDevice: boolean;
  jkt: string | null;
}

/** Which factors a user has (recovery codes: unused ones). */
export interface FactorSummary {
  totp: boolean;
  passkey: boolean;
  recoveryCode: boolean;
}

export type ChallengePurpose = 'register' | 'login' | 'mfa' | 'step_up';

/** What a WebAuthn challenge is bound to: its id, a user, a login's mfaToken, or a session. */
export type ChallengeBinding =
  | { purpose: 'login'; id: string }
  | { purpose: 'register'; userId: string }
  | { purpose: 'mfa'; mfaTokenHash: Buffer }
  | { purpose: 'step_up'; sessionId: string };

const TOTP = `id, user_id AS "userId", secret, confirmed_at AS "confirmedAt", created_at AS "createdAt", last_used_at AS "lastUsedAt"`;
/** The columns of a PasskeyRow, of the passkeys table under `alias`. */
const passkeyColumns = (
  alias: string,
) => `${alias}.id, ${alias}.user_id AS "userId", ${alias}.credential_id AS "credentialId", ${alias}.public_key AS "publicKey",
  ${alias}.counter::float8 AS counter, ${alias}.transports, ${alias}.device_type AS "deviceType", ${alias}.backed_up AS "backedUp", ${alias}.name,
  ${alias}.created_at AS "createdAt", ${alias}.last_used_at AS "lastUsedAt"`;
const PASSKEY = passkeyColumns('passkeys');
/** The columns of an MfaTokenRow. */
const MFA_TOKEN = `user_id AS "userId", amr, method, device_id AS "deviceId", device_name AS "deviceName", known_device AS "knownDevice", jkt`;

/** Every column null: a row of the right side of a LEFT JOIN that found nothing. */
type Nullable<T> = { [K in keyof T]: T[K] | null };

/** All SQL of second factors, passkeys, mfa tokens and WebAuthn challenges. */
@Injectable()
export class MfaRepository {
  constructor(private readonly dataSource: DataSource) {}

  private q(tx?: EntityManager) {
    return tx ?? this.dataSource.manager;
  }

  /** One query: which factors the user has. Run on every password login. */
  async summary(userId: string): Promise<FactorSummary> {
    const [row] = await preparedQuery<FactorSummary>(
      this.dataSource,
      'mfa.summary',
      `SELECT EXISTS (SELECT 1 FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL) AS totp,
              EXISTS (SELECT 1 FROM passkeys WHERE user_id = $1) AS passkey,
              EXISTS (SELECT 1 FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL) AS "recoveryCode"`,
      [userId],
    );
    return row;
  }

  /** A pending TOTP factor; the user's other pending ones are dropped (one enrolment at a time). */
  async insertPendingTotp(id: string, userId: string, sealedSecret: Buffer): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`DELETE FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NULL`, [userId]);
      await tx.query(`INSERT INTO totp_factors (id, user_id, secret) VALUES ($1, $2, $3)`, [id, userId, sealedSecret]);
    });
  }

  async findTotp(userId: string, id: string, tx?: EntityManager): Promise<TotpFactorRow | undefined> {
    const [row] = await this.q(tx).query(`SELECT ${TOTP} FROM totp_factors WHERE user_id = $1 AND id = $2`, [userId, id]);
    return row;
  }

  async activeTotps(userId: string, tx?: EntityManager): Promise<TotpFactorRow[]> {
    return this.q(tx).query(`SELECT ${TOTP} FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL ORDER BY created_at`, [
      userId,
    ]);
  }

  /**
   * Records `step` as used by the factor if it is newer than every step used before (a
   * compare-and-swap, so two requests with one code cannot both pass), and confirms a pending
   * factor. False when the step was already used: a replayed code.
   */
  async useTotpStep(id: string, step: number, tx?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await this.q(tx).query(
      `WITH used AS (
         UPDATE totp_factors SET last_step = $2, last_used_at = now(), confirmed_at = coalesce(confirmed_at, now())
          WHERE id = $1 AND (last_step IS NULL OR last_step < $2) RETURNING id
       ) SELECT id FROM used`,
      [id, step],
    );
    return rows.length > 0;
  }

  async deleteTotp(userId: string, id: string, tx?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await this.q(tx).query(
      `WITH d AS (DELETE FROM totp_factors WHERE user_id = $1 AND id = $2 RETURNING id) SELECT id FROM d`,
      [userId, id],
    );
    return rows.length > 0;
  }

  /** Replaces the user's recovery codes with these hashes. */
  async replaceRecoveryCodes(userId: string, hashes: Buffer[], tx?: EntityManager): Promise<void> {
    await this.q(tx).query(`DELETE FROM recovery_codes WHERE user_id = $1`, [userId]);
    await this.q(tx).query(`INSERT INTO recovery_codes (user_id, code_hash) SELECT $1, unnest($2::bytea[])`, [userId, hashes]);
  }

  /** Spends a recovery code (compare-and-swap on used_at); the number left, or undefined when it is not an unused code. */
  async useRecoveryCode(userId: string, hash: Buffer, tx?: EntityManager): Promise<number | undefined> {
    const [row] = await this.q(tx).query(
      `WITH used AS (
         UPDATE recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING code_hash
       )
       SELECT (SELECT count(*)::int FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL) - 1 AS left FROM used`,
      [userId, hash],
    );
    return row?.left;
  }

  async recoveryCodesLeft(userId: string): Promise<number> {
    const [{ left }] = await this.dataSource.query(
      `SELECT count(*)::int AS left FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`,
      [userId],
    );
    return left;
  }

  async listPasskeys(userId: string): Promise<PasskeyRow[]> {
    return this.dataSource.query(`SELECT ${PASSKEY} FROM passkeys WHERE user_id = $1 ORDER BY created_at`, [userId]);
  }

  /**
   * Spends the live challenges `binding` names (each used at most once, whatever the outcome)
   * and reads the credential `credentialId` with what a sign-in needs of its owner: one round
   * trip, a prepared statement per purpose. `passkey` is undefined for an unknown credential.
   */
  async spendChallengesAndFindPasskey(
    binding: ChallengeBinding,
    credentialId: string,
  ): Promise<{ challenges: string[]; passkey?: PasskeyWithOwner }> {
    const [spent, value] = spentChallenges(binding);
    const [row] = await preparedQuery<
      Nullable<PasskeyRow> & {
        challenges: string[];
        ownerRoles: string[];
        ownerClaims: Record<string, unknown>;
        ownerNotBefore: Date | null;
        ownerDisabled: boolean;
        ownerPasswordHash: string;
      }
    >(
      this.dataSource,
      `mfa.spendChallengesAndFindPasskey.${binding.purpose}`,
      `WITH ${spent}
       SELECT ARRAY(SELECT challenge FROM spent) AS challenges, ${passkeyColumns('p')}, u.roles AS "ownerRoles",
              u.claims AS "ownerClaims", u.tokens_not_before AS "ownerNotBefore", u.disabled AS "ownerDisabled",
              u.password_hash AS "ownerPasswordHash"
         FROM (VALUES (1)) AS one (x) LEFT JOIN (passkeys p JOIN users u ON u.id = p.user_id) ON p.credential_id = $3`,
      [binding.purpose, value, credentialId],
    );
    const { challenges, ownerRoles, ownerClaims, ownerNotBefore, ownerDisabled, ownerPasswordHash, ...passkey } = row;
    if (passkey.id === null) return { challenges };
    return {
      challenges,
      passkey: {
        ...(passkey as PasskeyRow),
        owner: {
          roles: ownerRoles,
          claims: ownerClaims,
          tokensNotBefore: ownerNotBefore,
          disabled: ownerDisabled,
          passwordHash: ownerPasswordHash,
        },
      },
    };
  }

  /** Undefined when the credential is registered already (to anyone). */
  async insertPasskey(p: Omit<PasskeyRow, 'createdAt' | 'lastUsedAt'>, tx?: EntityManager): Promise<{ createdAt: Date } | undefined> {
    const [row] = await this.q(tx).query(
      `INSERT INTO passkeys (id, user_id, credential_id, public_key, counter, transports, device_type, backed_up, name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (credential_id) DO NOTHING RETURNING created_at AS "createdAt"`,
      [p.id, p.userId, p.credentialId, p.publicKey, p.counter, p.transports, p.deviceType, p.backedUp, p.name],
    );
    return row;
  }

  /**
   * Records a verified assertion: the new counter and backup state. A compare-and-swap on the
   * counter the assertion was checked against, so two assertions with one counter value cannot
   * both pass. False when the stored counter moved meanwhile.
   */
  async usePasskey(id: string, checkedCounter: number, newCounter: number, backedUp: boolean): Promise<boolean> {
    const rows = await preparedQuery(
      this.dataSource,
      'mfa.usePasskey',
      `UPDATE passkeys SET counter = $3, backed_up = $4, last_used_at = now() WHERE id = $1 AND counter = $2 RETURNING id`,
      [id, checkedCounter, newCounter, backedUp],
    );
    return rows.length > 0;
  }

  async deletePasskey(userId: string, id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH d AS (DELETE FROM passkeys WHERE user_id = $1 AND id = $2 RETURNING id) SELECT id FROM d`,
      [userId, id],
    );
    return rows.length > 0;
  }

  /** Every factor, passkey and recovery code of the user (an admin's reset); how many factors there were. */
  async deleteAllFactors(userId: string, tx: EntityManager): Promise<number> {
    const [row] = await tx.query(
      `WITH t AS (DELETE FROM totp_factors WHERE user_id = $1 RETURNING confirmed_at),
            p AS (DELETE FROM passkeys WHERE user_id = $1 RETURNING id),
            r AS (DELETE FROM recovery_codes WHERE user_id = $1 RETURNING user_id),
            m AS (DELETE FROM mfa_tokens WHERE user_id = $1 RETURNING user_id)
       SELECT (SELECT count(*) FROM t WHERE confirmed_at IS NOT NULL)::int + (SELECT count(*) FROM p)::int AS factors,
              (SELECT count(*) FROM r)::int AS codes, (SELECT count(*) FROM m)::int AS tokens`,
      [userId],
    );
    return row.factors;
  }

  async insertMfaToken(hash: Buffer, token: MfaTokenRow, ttlSeconds: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO mfa_tokens (token_hash, user_id, amr, method, device_id, device_name, known_device, jkt, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(secs => $9))`,
      [hash, token.userId, token.amr, token.method, token.deviceId, token.deviceName, token.knownDevice, token.jkt, ttlSeconds],
    );
  }

  /** The live mfa token of this hash, without spending it. */
  async findMfaToken(hash: Buffer): Promise<MfaTokenRow | undefined> {
    const [row] = await this.dataSource.query(`SELECT ${MFA_TOKEN} FROM mfa_tokens WHERE token_hash = $1 AND expires_at > now()`, [hash]);
    return row;
  }

  /**
   * Spends a live mfa token inside `tx`: the row is deleted (and locked until `tx` ends, so a
   * concurrent second step with the same token waits, then finds nothing). Rolling `tx` back
   * (a wrong code) gives it back.
   */
  async spendMfaToken(hash: Buffer, tx: EntityManager): Promise<MfaTokenRow | undefined> {
    const [row] = await tx.query(
      `WITH spent AS (DELETE FROM mfa_tokens WHERE token_hash = $1 AND expires_at > now() RETURNING *)
       SELECT ${MFA_TOKEN} FROM spent`,
      [hash],
    );
    return row;
  }

  async insertChallenge(
    id: string,
    challenge: string,
    binding: ChallengeBinding,
    userId: string | null,
    ttlSeconds: number,
  ): Promise<void> {
    // prepared: a passkey sign-in stores one on every options call (expired ones go with the cleanup job)
    await preparedQuery(
      this.dataSource,
      'mfa.insertChallenge',
      `INSERT INTO webauthn_challenges (id, challenge, purpose, user_id, mfa_token_hash, session_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))`,
      [
        id,
        challenge,
        binding.purpose,
        userId,
        binding.purpose === 'mfa' ? binding.mfaTokenHash : null,
        binding.purpose === 'step_up' ? binding.sessionId : null,
        ttlSeconds,
      ],
    );
  }

  /**
   * Spends the live challenges a binding names (deleted, so each is used at most once whatever
   * the outcome), returning their values.
   */
  async spendChallenges(binding: ChallengeBinding): Promise<string[]> {
    const [spent, value] = spentChallenges(binding);
    const rows: { challenge: string }[] = await this.dataSource.query(
      `WITH ${spent}
       SELECT challenge FROM spent`,
      [binding.purpose, value],
    );
    return rows.map((r) => r.challenge);
  }

  /** Deletes up to `batch` mfa tokens past their expiry (the cleanup job): nobody can spend them any more. */
  deleteExpiredMfaTokens(batch: number): Promise<number> {
    return this.deleteExpired('mfa_tokens', 'token_hash', batch);
  }

  /** Deletes up to `batch` WebAuthn challenges past their expiry (the cleanup job): no answer can spend them any more. */
  deleteExpiredChallenges(batch: number): Promise<number> {
    return this.deleteExpired('webauthn_challenges', 'id', batch);
  }

  private async deleteExpired(table: 'mfa_tokens' | 'webauthn_challenges', key: 'token_hash' | 'id', batch: number): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE expires_at <= now() LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING 1
       ) SELECT count(*)::int AS n FROM gone`,
      [batch],
    );
    return n;
  }
}

/**
 * The CTE `spent` that deletes the live challenges of `binding` (purpose $1, its key $2) and
 * returns their values, with the value of that key.
 */
function spentChallenges(binding: ChallengeBinding): [string, unknown] {
  const [where, value] =
    binding.purpose === 'login'
      ? ['id = $2', binding.id]
      : binding.purpose === 'register'
        ? ['user_id = $2', binding.userId]
        : binding.purpose === 'mfa'
          ? ['mfa_token_hash = $2', binding.mfaTokenHash]
          : ['session_id = $2', binding.sessionId];
  return [`spent AS (DELETE FROM webauthn_challenges WHERE purpose = $1 AND ${where} AND expires_at > now() RETURNING challenge)`, value];
}
