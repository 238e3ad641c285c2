import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A generation of a session family: one refresh token, linked to the one it replaced. */
@Entity('refresh_tokens')
export class RefreshTokenEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'family_id' })
  familyId: string;

  @Column('uuid', { name: 'parent_id', nullable: true })
  parentId: string | null;

  @Column('bytea', { name: 'token_hash' })
  tokenHash: Buffer;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'rotated_at', nullable: true })
  rotatedAt: Date | null;

  /** Idle expiry. */
  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('bytea', { name: 'grace_token', nullable: true })
  graceToken: Buffer | null;
}
