import {
  HttpTransportType,
  type HubConnection,
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
  type IRetryPolicy,
} from '@microsoft/signalr';

import { apiBaseUrl } from '@/api/config';
import type { Conversation, Message, Presence, ReadReceipt } from '@/api/types';
import { session } from '@/auth/session';

/** What the server pushes on the one connection an app instance keeps (Chat's hub carries chat, presence and notifications). */
export interface HubEvents {
  message: Message;
  messageChanged: Message;
  read: ReadReceipt;
  typing: { conversationId: string; userId: string };
  presence: Presence;
  conversationOpened: Conversation;
  notification: { type: string; payload: unknown; occurredAt: string };
  /** Not from the server: the connection is (again) up, so whatever was missed meanwhile must be fetched. */
  connected: undefined;
}

export type HubStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

type Handler<K extends keyof HubEvents> = (payload: HubEvents[K]) => void;

/** Retries for ever, a little slower each time up to 15 s: a phone on a train must come back on its own. */
const retryForever: IRetryPolicy = {
  nextRetryDelayInMilliseconds: ({ previousRetryCount }) => Math.min(15_000, [0, 1000, 2000, 5000][previousRetryCount] ?? 15_000),
};

/**
 * The realtime connection. WebSockets only, without negotiation (the Chat replicas share no negotiation state), the
 * access token asked for at every (re)connection so a renewed one is used. After each reconnection listeners hear
 * "connected" and catch up by sequence number; events are not replayed by the server.
 */
export class Hub {
  private readonly connection: HubConnection;
  private readonly handlers = new Map<keyof HubEvents, Set<(payload: never) => void>>();
  private readonly statusListeners = new Set<(status: HubStatus) => void>();
  private stopped = false;
  private stopping: Promise<void> = Promise.resolve();
  status: HubStatus = 'offline';

  constructor() {
    this.connection = new HubConnectionBuilder()
      .withUrl(`${apiBaseUrl()}/hubs/chat`, {
        skipNegotiation: true,
        transport: HttpTransportType.WebSockets,
        accessTokenFactory: async () => (await session.accessToken()) ?? '',
      })
      .withAutomaticReconnect(retryForever)
      .configureLogging(LogLevel.None)
      .build();
    for (const event of ['message', 'messageChanged', 'read', 'typing', 'presence', 'conversationOpened', 'notification'] as const) {
      this.connection.on(event, (payload: never) => this.emit(event, payload));
    }
    this.connection.onreconnecting(() => this.setStatus('reconnecting'));
    this.connection.onreconnected(() => this.connected());
    // Automatic reconnection gave up (or the server closed us, e.g. a token it refuses): start over after a pause.
    this.connection.onclose(() => {
      this.setStatus('offline');
      if (!this.stopped) {
        setTimeout(() => void this.start(), 5000);
      }
    });
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.stopping;
    if (this.connection.state !== HubConnectionState.Disconnected) {
      return;
    }
    this.setStatus('connecting');
    try {
      await this.connection.start();
      this.connected();
    } catch {
      this.setStatus('offline');
      if (!this.stopped) {
        setTimeout(() => void this.start(), 5000);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = this.connection.stop();
    await this.stopping;
  }

  get isConnected(): boolean {
    return this.connection.state === HubConnectionState.Connected;
  }

  invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    return this.connection.invoke<T>(method, ...args);
  }

  on<K extends keyof HubEvents>(event: K, handler: Handler<K>): () => void {
    const set = this.handlers.get(event) ?? new Set();
    set.add(handler as (payload: never) => void);
    this.handlers.set(event, set);
    return () => set.delete(handler as (payload: never) => void);
  }

  onStatus(listener: (status: HubStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private connected() {
    this.setStatus('connected');
    this.emit('connected', undefined as never);
  }

  private emit<K extends keyof HubEvents>(event: K, payload: HubEvents[K]) {
    this.handlers.get(event)?.forEach((handler) => (handler as Handler<K>)(payload));
  }

  private setStatus(status: HubStatus) {
    this.status = status;
    this.statusListeners.forEach((listener) => listener(status));
  }
}

/** "HubException: conversation-closed: explanation" → "conversation-closed" (null for a connection failure). */
export function hubErrorSlug(error: unknown): string | null {
  const message = error instanceof Error ? error.message : String(error);
  const match = /HubException: ([a-z-]+):/.exec(message);
  return match?.[1] ?? null;
}
