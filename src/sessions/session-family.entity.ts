import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One login on one device. Its refresh tokens are the generations in refresh_tokens. */
@Entity('session_families')
export class SessionFamilyEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text', { name: 'device_id' })
  deviceId: string;

  @Column('text', { name: 'device_name', nullable: true })
  deviceName: string | null;

  @Column('text', { name: 'user_agent', nullable: true })
  userAgent: string | null;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'last_used_at' })
  lastUsedAt: Date;

  /** Absolute expiry (login + SESSION_MAX_LIFETIME). */
  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;
}
