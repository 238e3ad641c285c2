import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('crypto_keys')
export class CryptoKeyEntity {
  @PrimaryColumn('text')
  kid: string;

  @Column('text')
  use: 'sig' | 'enc';

  @Column('text')
  alg: string;

  @Column('jsonb', { name: 'public_jwk' })
  publicJwk: Record<string, unknown>;

  /** PKCS#8 DER sealed with AES-256-GCM under the master key, bound to the kid. */
  @Column('bytea', { name: 'private_key' })
  privateKey: Buffer;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  /** Published from creation; used for signing (or preferred for envelopes) from here on. */
  @Column('timestamptz', { name: 'activates_at' })
  activatesAt: Date;

  /** When a newer key took over; the key stays published until its last token expired. */
  @Column('timestamptz', { name: 'retired_at', nullable: true })
  retiredAt: Date | null;
}
