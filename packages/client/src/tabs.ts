import type { ChannelLike, LockManagerLike } from './types.js';

/** How the tabs of one origin tell each other about the session. */
export type TabMessage = { type: 'session'; session: unknown } | { type: 'ended'; reason: string } | { type: 'refresh-failed' };

/**
 * Cross-tab coordination: a Web Lock so one tab refreshes at a time, with a timeout so a
 * frozen tab holding the lock cannot block the others for ever, and a BroadcastChannel that
 * carries the outcome to the other tabs. Either may be missing (React Native, Node, old
 * browsers): then each JavaScript context is on its own, which the server's grace window covers.
 */
export class Tabs {
  private listener: ((message: TabMessage) => void) | null = null;

  constructor(
    private readonly lockName: string,
    private readonly locks: LockManagerLike | null,
    private readonly channel: ChannelLike | null,
    private readonly lockTimeoutMs: number,
  ) {
    if (channel) channel.onmessage = (event) => this.listener?.(event.data as TabMessage);
  }

  onMessage(listener: (message: TabMessage) => void): void {
    this.listener = listener;
  }

  post(message: TabMessage): void {
    try {
      this.channel?.postMessage(message);
    } catch {
      // a closed channel (the page is unloading): the other tabs will learn it on their next refresh
    }
  }

  /**
   * Runs `task` holding the refresh lock. `waited` tells the task that another tab held the
   * lock first (so it has probably just refreshed), or that the lock could not be had in time.
   */
  async exclusive<T>(task: (waited: boolean) => Promise<T>): Promise<T> {
    const locks = this.locks;
    if (!locks) return task(false);
    const immediate = await locks.request(this.lockName, { ifAvailable: true }, async (lock) =>
      lock ? { value: await task(false) } : null,
    );
    if (immediate) return immediate.value;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.lockTimeoutMs);
    let entered = false;
    try {
      return await locks.request(this.lockName, { signal: controller.signal }, async () => {
        entered = true;
        clearTimeout(timer);
        return task(true);
      });
    } catch (error) {
      // the holder is frozen or gone: go on without the lock (the grace window keeps this safe)
      if (!entered && controller.signal.aborted) return task(true);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.listener = null;
    if (this.channel) {
      this.channel.onmessage = null;
      this.channel.close();
    }
  }
}

/** The platform's Web Locks, where they exist. */
export function platformLocks(): LockManagerLike | null {
  return (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks ?? null;
}

/** A BroadcastChannel, where the platform has them. */
export function platformChannel(name: string): ChannelLike | null {
  const Channel = (globalThis as { BroadcastChannel?: new (name: string) => ChannelLike }).BroadcastChannel;
  return Channel ? new Channel(name) : null;
}
