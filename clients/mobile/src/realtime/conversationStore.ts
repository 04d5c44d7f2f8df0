import { api, unwrap } from '@/api/client';
import type { Message } from '@/api/types';

import type { Hub } from './hub';

interface ConversationState {
  messages: Message[];
  /** Everything up to here is held (or known not to exist): pushes beyond it + 1 mean some were missed. */
  watermark: number;
  olderCursor: string | null;
  loaded: boolean;
}

const pageSize = 30;

/**
 * The messages of the conversations the person has opened, kept in order by server sequence number. A push that
 * skips numbers, or any reconnection, triggers a catch-up from the last number held (Backfill on the hub), so what
 * was sent while the connection was down appears, in order, once it is back. Duplicates (the sender's own echo, a
 * catch-up overlapping a push) are dropped by sequence number.
 */
export class ConversationStore {
  private readonly conversations = new Map<string, ConversationState>();
  private readonly listeners = new Set<() => void>();
  private readonly catchingUp = new Set<string>();
  /** Conversations whose running catch-up must go round once more: a gap appeared while it waited for the hub. */
  private readonly catchUpAgain = new Set<string>();

  constructor(private readonly hub: Hub) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  state(conversationId: string): ConversationState | undefined {
    return this.conversations.get(conversationId);
  }

  /** The newest page, when the conversation is first opened. */
  async open(conversationId: string): Promise<void> {
    if (this.conversations.get(conversationId)?.loaded) {
      await this.catchUp(conversationId);
      return;
    }
    const page = await unwrap(
      api.chat.GET('/api/v1/conversations/{conversationId}/messages', { params: { path: { conversationId }, query: { limit: pageSize } } }),
    );
    const items = [...page.items].reverse();
    const current = this.conversations.get(conversationId);
    const merged = merge(current?.messages ?? [], items);
    this.conversations.set(conversationId, {
      messages: merged,
      watermark: Math.max(current?.watermark ?? 0, ...items.map(sequenceOf)),
      olderCursor: page.nextCursor ?? null,
      loaded: true,
    });
    this.changed();
    await this.catchUp(conversationId);
  }

  /** The page before the oldest held (scrolling back through history). */
  async loadOlder(conversationId: string): Promise<void> {
    const before = this.conversations.get(conversationId);
    if (!before?.olderCursor) {
      return;
    }
    const page = await unwrap(
      api.chat.GET('/api/v1/conversations/{conversationId}/messages', {
        params: { path: { conversationId }, query: { limit: pageSize, cursor: before.olderCursor } },
      }),
    );
    // Pushes may have come in during the request: merge into the state as it is now.
    const current = this.conversations.get(conversationId) ?? before;
    this.conversations.set(conversationId, { ...current, messages: merge(current.messages, page.items), olderCursor: page.nextCursor ?? null });
    this.changed();
  }

  /** A pushed or acknowledged message: kept if its conversation is open; a gap before it is filled from the server. */
  ingest(message: Message): void {
    const current = this.conversations.get(message.conversationId);
    if (!current) {
      return;
    }
    const sequence = sequenceOf(message);
    const messages = merge(current.messages, [message]);
    // Pushes that came early (past a gap being filled) may follow on from this one.
    const watermark = sequence === current.watermark + 1 ? followOn(current.watermark, messages) : current.watermark;
    this.conversations.set(message.conversationId, { ...current, messages, watermark });
    this.changed();
    if (sequence > current.watermark + 1) {
      void this.catchUp(message.conversationId);
    }
  }

  /** Everything after the watermark, page by page, oldest first; after it the watermark is the last number that exists. */
  async catchUp(conversationId: string): Promise<void> {
    if (!this.hub.isConnected) {
      return;
    }
    if (this.catchingUp.has(conversationId)) {
      this.catchUpAgain.add(conversationId);
      return;
    }
    this.catchingUp.add(conversationId);
    try {
      for (;;) {
        const before = this.conversations.get(conversationId);
        if (!before) {
          return;
        }
        this.catchUpAgain.delete(conversationId);
        const page = await this.hub.invoke<{ items: Message[]; nextCursor: string | null }>('Backfill', conversationId, before.watermark, 100);
        // Read again: pushes (or an older page) may have been merged while the hub answered.
        const current = this.conversations.get(conversationId) ?? before;
        const messages = merge(current.messages, page.items);
        const last = page.items.length > 0 ? sequenceOf(page.items[page.items.length - 1]!) : before.watermark;
        this.conversations.set(conversationId, { ...current, messages, watermark: followOn(Math.max(current.watermark, last), messages) });
        this.changed();
        if (!page.nextCursor && !this.catchUpAgain.has(conversationId)) {
          return;
        }
      }
    } catch {
      // The connection dropped meanwhile: the next reconnection catches up again.
    } finally {
      this.catchingUp.delete(conversationId);
      this.catchUpAgain.delete(conversationId);
    }
  }

  /** After a reconnection: every open conversation catches up. */
  catchUpAll(): void {
    for (const conversationId of this.conversations.keys()) {
      void this.catchUp(conversationId);
    }
  }

  private changed() {
    this.listeners.forEach((listener) => listener());
  }
}

function sequenceOf(message: Message): number {
  return Number(message.sequence);
}

/** The watermark moved on over the numbers held right after it (pushes that came early, past a gap now filled). */
function followOn(watermark: number, messages: Message[]): number {
  const held = new Set(messages.map(sequenceOf));
  let next = watermark;
  while (held.has(next + 1)) {
    next += 1;
  }
  return next;
}

/** Both lists, one message per sequence number (the later copy wins: an edit or deletion), in sequence order. */
function merge(held: Message[], incoming: Message[]): Message[] {
  const bySequence = new Map(held.map((message) => [sequenceOf(message), message]));
  for (const message of incoming) {
    bySequence.set(sequenceOf(message), message);
  }
  return [...bySequence.values()].sort((a, b) => sequenceOf(a) - sequenceOf(b));
}
