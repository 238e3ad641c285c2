import { Inject, Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditType, ClientInfo } from '../audit/audit.types.js';
import { AppConfig } from '../config/app-config.js';
import type { KeyUse } from '../crypto/keys.repository.js';
import { CLOCK_SKEW_SECONDS, KeysService, type PublishedKey } from '../crypto/keys.service.js';

/** `pending`: published, not yet used; `active`: signs (or is preferred for envelopes); `retired`: published until its tokens expire. */
export type KeyState = 'pending' | 'active' | 'retired';

export interface KeyView {
  kid: string;
  use: KeyUse;
  alg: string;
  createdAt: string;
  activatesAt: string;
  retiredAt: string | null;
  state: KeyState;
}

/** GET /admin/keys: the published keys and the timings that explain them. */
export interface KeysView {
  /** Seconds between publishing a rotated key and signing with it (KEY_ACTIVATION_DELAY). */
  activationDelaySeconds: number;
  /** SIGNING_KEY_ROTATION, or null when keys rotate only on demand. */
  automaticRotationSeconds: number | null;
  /** How long a retired key stays published: the access-token lifetime plus clock skew. */
  retiredKeyPublishedSeconds: number;
  items: KeyView[];
}

/** POST /admin/keys/rotate: the new pair and when it takes over. */
export interface RotationView {
  activatesAt: string;
  activationDelaySeconds: number;
  created: KeyView[];
}

/** The state of a key at `now`: a key retired in the future is still the active one until then. */
export function keyState(key: Pick<PublishedKey, 'activatesAt' | 'retiredAt'>, now: Date): KeyState {
  if (key.activatesAt > now) return 'pending';
  if (key.retiredAt && key.retiredAt <= now) return 'retired';
  return 'active';
}

function toKeyView(key: PublishedKey, now: Date): KeyView {
  return {
    kid: key.kid,
    use: key.use,
    alg: key.alg,
    createdAt: key.createdAt.toISOString(),
    activatesAt: key.activatesAt.toISOString(),
    retiredAt: key.retiredAt?.toISOString() ?? null,
    state: keyState(key, now),
  };
}

/** The keys page of the admin API, over the crypto module's KeysService. */
@Injectable()
export class AdminKeysService {
  constructor(
    private readonly keys: KeysService,
    private readonly audit: AuditRepository,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async list(): Promise<KeysView> {
    const now = new Date();
    return {
      activationDelaySeconds: this.config.KEY_ACTIVATION_DELAY,
      automaticRotationSeconds: this.config.SIGNING_KEY_ROTATION ?? null,
      retiredKeyPublishedSeconds: this.config.ACCESS_TOKEN_TTL + CLOCK_SKEW_SECONDS,
      items: (await this.keys.publishedKeys()).map((key) => toKeyView(key, now)),
    };
  }

  /**
   * Publishes a new signing and envelope key now; they take over after KEY_ACTIVATION_DELAY,
   * the same rotation as `npm run keys:rotate`, so nobody is logged out.
   */
  async rotate(actorId: string, client: ClientInfo): Promise<RotationView> {
    const created = await this.keys.rotateKeys();
    const activatesAt = created[0]!.activatesAt;
    await this.audit.record({
      type: AuditType.KeysRotated,
      userId: null,
      sessionId: null,
      ...client,
      detail: { by: actorId, activatesAt: activatesAt.toISOString(), kids: Object.fromEntries(created.map((key) => [key.use, key.kid])) },
    });
    const published = await this.keys.publishedKeys();
    const now = new Date();
    return {
      activatesAt: activatesAt.toISOString(),
      activationDelaySeconds: this.config.KEY_ACTIVATION_DELAY,
      created: published.filter((key) => created.some((c) => c.kid === key.kid)).map((key) => toKeyView(key, now)),
    };
  }
}
