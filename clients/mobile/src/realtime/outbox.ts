import AsyncStorage from '@react-native-async-storage/async-storage';

import type { Message } from '@/api/types';

import { type Hub, hubErrorSlug } from './hub';

export interface PendingMessage {
  conversationId: string;
  clientMessageId: string;
  text: string;
  createdAt: string;
  /** Set when the server refused it for good (the conversation closed, the text is not allowed). */
  refusedBecause?: string;
}

/** Refusals that sending again will not change; anything else (no connection, rate limit) is retried. */
const final = new Set(['validation', 'conversation-closed', 'conversation-not-found', 'not-the-author']);

function newClientMessageId(): string {
  const random = Math.random().toString(36).slice(2, 10);
  return `${Date.now().toString(36)}-${random}`;
}

/**
 * What still waits to be shown as sending: the server pushes a stored message to its sender too, and that push may
 * arrive before the answer to the send, so a message already held (same sender, same client id) is shown once.
 */
export function notYetDelivered(pending: PendingMessage[], held: readonly Message[], senderId: string | null | undefined): PendingMessage[] {
  const delivered = new Set(held.filter((message) => message.senderId === senderId && message.clientMessageId).map((message) => message.clientMessageId));
  return delivered.size === 0 ? pending : pending.filter((item) => !delivered.has(item.clientMessageId));
}

/**
 * Messages typed but not yet acknowledged, kept on the device (AsyncStorage) so they survive the app being killed,
 * and sent again with the same client id until the server answers: a message is stored once however often it is
 * sent (the server remembers client ids). Sent in order, one at a time, while the hub is connected.
 */
export class Outbox {
  private items: PendingMessage[] = [];
  /** One array per conversation until something changes: React compares snapshots by identity. */
  private readonly byConversation = new Map<string, PendingMessage[]>();
  private readonly listeners = new Set<() => void>();
  private flushing = false;
  private readonly storageKey: string;

  constructor(
    userId: string,
    private readonly hub: Hub,
    private readonly onAcknowledged: (message: Message) => void,
  ) {
    this.storageKey = `skillswap.outbox.${userId}`;
  }

  async load(): Promise<void> {
    const raw = await AsyncStorage.getItem(this.storageKey);
    const stored = raw ? (JSON.parse(raw) as PendingMessage[]) : [];
    // Messages enqueued while the storage was read come after the stored ones (their save overwrote the stored list).
    const restored = new Set(stored.map((item) => item.clientMessageId));
    const typedMeanwhile = this.items.filter((item) => !restored.has(item.clientMessageId));
    this.items = [...stored, ...typedMeanwhile];
    if (typedMeanwhile.length > 0) {
      await this.save();
    } else {
      this.changed();
    }
  }

  pending(conversationId: string): PendingMessage[] {
    let pending = this.byConversation.get(conversationId);
    if (!pending) {
      pending = this.items.filter((item) => item.conversationId === conversationId);
      this.byConversation.set(conversationId, pending);
    }
    return pending;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async enqueue(conversationId: string, text: string): Promise<void> {
    this.items = [...this.items, { conversationId, clientMessageId: newClientMessageId(), text, createdAt: new Date().toISOString() }];
    await this.save();
    void this.flush();
  }

  async discard(clientMessageId: string): Promise<void> {
    this.items = this.items.filter((item) => item.clientMessageId !== clientMessageId);
    await this.save();
  }

  /** Sends what waits, oldest first; stops at the first failure that a later attempt may cure (then waits for the next flush). */
  async flush(): Promise<void> {
    if (this.flushing) {
      return;
    }
    this.flushing = true;
    try {
      for (;;) {
        const next = this.items.find((item) => !item.refusedBecause);
        if (!next || !this.hub.isConnected) {
          return;
        }
        try {
          const stored = await this.hub.invoke<Message>('Send', {
            conversationId: next.conversationId,
            clientMessageId: next.clientMessageId,
            text: next.text,
          });
          this.items = this.items.filter((item) => item.clientMessageId !== next.clientMessageId);
          await this.save();
          this.onAcknowledged(stored);
        } catch (error) {
          const slug = hubErrorSlug(error);
          if (slug && final.has(slug)) {
            this.items = this.items.map((item) => (item.clientMessageId === next.clientMessageId ? { ...item, refusedBecause: slug } : item));
            await this.save();
            continue;
          }
          // Not sent, not refused: retried at the next connection, or in a moment (rate limit).
          setTimeout(() => void this.flush(), slug === 'rate-limited' ? 2000 : 5000);
          return;
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async save(): Promise<void> {
    await AsyncStorage.setItem(this.storageKey, JSON.stringify(this.items));
    this.changed();
  }

  private changed() {
    this.byConversation.clear();
    this.listeners.forEach((listener) => listener());
  }
}
