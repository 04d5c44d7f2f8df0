import { api } from '@/api/client';
import type { Message } from '@/api/types';
import { ConversationStore } from '@/realtime/conversationStore';
import type { Hub } from '@/realtime/hub';

// Only the HTTP client is replaced; unwrap() stays the real one.
jest.mock('@/api/client', () => ({
  ...jest.requireActual<typeof import('@/api/client')>('@/api/client'),
  api: { chat: { GET: jest.fn() } },
}));

const conversationId = 'd-aaaa-bbbb';
const otherConversationId = 's-cccc';

function message(conversation: string, sequence: number, text = `message ${sequence}`): Message {
  return {
    conversationId: conversation,
    sequence,
    text,
    senderId: '00000000-0000-0000-0000-000000000001',
    sentAt: new Date(Date.UTC(2026, 0, 1, 0, sequence)).toISOString(),
    editedAt: null,
    deleted: false,
    removedByModeration: false,
    clientMessageId: null,
  };
}

/** The Chat service's messages, answering history pages (GET, newest first) and Backfill (hub, oldest first). */
class FakeChat {
  private readonly stored = new Map<string, Message[]>();

  /** Stores the next <paramref name="count"/> messages of a conversation (sequence numbers follow on). */
  send(conversation: string, count: number): Message[] {
    const list = this.stored.get(conversation) ?? [];
    const added = Array.from({ length: count }, (_, index) => message(conversation, list.length + index + 1));
    this.stored.set(conversation, [...list, ...added]);
    return added;
  }

  edit(conversation: string, sequence: number, text: string): Message {
    const list = this.stored.get(conversation) ?? [];
    const edited = { ...message(conversation, sequence, text), editedAt: new Date().toISOString() };
    this.stored.set(
      conversation,
      list.map((existing) => (Number(existing.sequence) === sequence ? edited : existing)),
    );
    return edited;
  }

  history(conversation: string, limit: number, cursor?: string) {
    const before = cursor ? Number(cursor) : Number.POSITIVE_INFINITY;
    const older = (this.stored.get(conversation) ?? []).filter((item) => Number(item.sequence) < before).reverse();
    const items = older.slice(0, limit);
    const nextCursor = older.length > limit ? String(items[items.length - 1]!.sequence) : null;
    return { items, nextCursor };
  }

  backfill(conversation: string, afterSequence: number, limit: number) {
    const after = (this.stored.get(conversation) ?? []).filter((item) => Number(item.sequence) > afterSequence);
    const items = after.slice(0, limit);
    return { items, nextCursor: after.length > limit ? `after-${items[items.length - 1]!.sequence}` : null };
  }
}

interface HistoryRequest {
  params: { path: { conversationId: string }; query: { limit: number; cursor?: string } };
}

let chat: FakeChat;
let hub: { isConnected: boolean; invoke: jest.Mock };
let store: ConversationStore;
const get = api.chat.GET as unknown as jest.Mock;

function sequences(conversation = conversationId): number[] {
  return (store.state(conversation)?.messages ?? []).map((item) => Number(item.sequence));
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

function backfillCalls(): unknown[][] {
  return hub.invoke.mock.calls.filter(([method]) => method === 'Backfill');
}

/** Lets the store's background catch-up (started with `void`) run to its end. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

beforeEach(() => {
  chat = new FakeChat();
  get.mockReset();
  get.mockImplementation(async (_path: string, request: HistoryRequest) => ({
    data: chat.history(request.params.path.conversationId, request.params.query.limit, request.params.query.cursor),
    response: { ok: true, status: 200 } as Response,
  }));
  hub = {
    isConnected: true,
    invoke: jest.fn(async (method: string, conversation: string, afterSequence: number, limit: number) => {
      if (method !== 'Backfill') {
        throw new Error(`unexpected hub method ${method}`);
      }
      return chat.backfill(conversation, afterSequence, limit);
    }),
  };
  store = new ConversationStore(hub as unknown as Hub);
});

describe('ConversationStore', () => {
  it('open() loads the newest page, oldest first, and sets the watermark to its last message', async () => {
    chat.send(conversationId, 45);

    await store.open(conversationId);

    expect(get).toHaveBeenCalledTimes(1);
    expect(get.mock.calls[0]![1]).toEqual({ params: { path: { conversationId }, query: { limit: 30 } } });
    expect(sequences()).toEqual(range(16, 45));
    expect(store.state(conversationId)).toMatchObject({ watermark: 45, loaded: true });
    // Then catches up from that watermark (nothing new here).
    expect(backfillCalls()).toEqual([['Backfill', conversationId, 45, 100]]);
  });

  it('loadOlder() prepends the previous page, keeping the order, until there is none', async () => {
    chat.send(conversationId, 45);
    await store.open(conversationId);

    await store.loadOlder(conversationId);

    expect(sequences()).toEqual(range(1, 45));
    expect(store.state(conversationId)?.olderCursor).toBeNull();
    expect(store.state(conversationId)?.watermark).toBe(45);
    await store.loadOlder(conversationId);
    expect(get).toHaveBeenCalledTimes(2);
  });

  it('notifies its subscribers on each change', async () => {
    chat.send(conversationId, 3);
    const listener = jest.fn();
    store.subscribe(listener);

    await store.open(conversationId);
    const afterOpen = listener.mock.calls.length;
    store.ingest(chat.send(conversationId, 1)[0]!);

    expect(afterOpen).toBeGreaterThan(0);
    expect(listener).toHaveBeenCalledTimes(afterOpen + 1);
  });

  it('ignores a push for a conversation that is not open', async () => {
    store.ingest(message(otherConversationId, 1));
    await settle();

    expect(store.state(otherConversationId)).toBeUndefined();
    expect(hub.invoke).not.toHaveBeenCalled();
  });

  it('advances the watermark on the push that follows it, without asking the server', async () => {
    chat.send(conversationId, 10);
    await store.open(conversationId);
    hub.invoke.mockClear();

    store.ingest(chat.send(conversationId, 1)[0]!);
    await settle();

    expect(store.state(conversationId)?.watermark).toBe(11);
    expect(sequences()).toEqual(range(1, 11));
    expect(hub.invoke).not.toHaveBeenCalled();
  });

  it('fills a gap with Backfill from the watermark: the list ends contiguous and in order', async () => {
    chat.send(conversationId, 10);
    await store.open(conversationId);
    hub.invoke.mockClear();

    // 11 to 14 were pushed while this device missed them; 15 arrives.
    const missed = chat.send(conversationId, 5);
    store.ingest(missed[4]!);
    await settle();

    expect(backfillCalls()).toEqual([['Backfill', conversationId, 10, 100]]);
    expect(sequences()).toEqual(range(1, 15));
    expect(store.state(conversationId)?.watermark).toBe(15);
  });

  it('follows Backfill pages (100 at a time) until the last one', async () => {
    chat.send(conversationId, 10);
    await store.open(conversationId);
    hub.invoke.mockClear();

    const missed = chat.send(conversationId, 250);
    store.ingest(missed[missed.length - 1]!);
    await settle();

    expect(backfillCalls()).toEqual([
      ['Backfill', conversationId, 10, 100],
      ['Backfill', conversationId, 110, 100],
      ['Backfill', conversationId, 210, 100],
    ]);
    expect(sequences()).toEqual(range(1, 260));
    expect(store.state(conversationId)?.watermark).toBe(260);
  });

  it('keeps one copy per sequence number, the later one winning (an edit)', async () => {
    chat.send(conversationId, 5);
    await store.open(conversationId);

    const [sixth] = chat.send(conversationId, 1);
    store.ingest(sixth!);
    store.ingest(sixth!);
    store.ingest(chat.edit(conversationId, 6, 'edited text'));
    store.ingest(chat.edit(conversationId, 3, 'an older one, edited'));
    await settle();

    expect(sequences()).toEqual(range(1, 6));
    const held = store.state(conversationId)!.messages;
    expect(held[5]).toMatchObject({ sequence: 6, text: 'edited text' });
    expect(held[5]!.editedAt).not.toBeNull();
    expect(held[2]).toMatchObject({ sequence: 3, text: 'an older one, edited' });
    expect(store.state(conversationId)?.watermark).toBe(6);
  });

  it('drops the overlap when a catch-up returns messages already pushed', async () => {
    chat.send(conversationId, 5);
    await store.open(conversationId);

    const later = chat.send(conversationId, 3);
    store.ingest(later[0]!);
    store.ingest(later[1]!);
    // A catch-up (after a reconnection) returns nothing new but overlaps what was pushed.
    store.catchUpAll();
    await settle();
    store.ingest(later[2]!);
    await settle();

    expect(sequences()).toEqual(range(1, 8));
  });

  it('catchUpAll() after a disconnection fetches, in order, what every open conversation missed', async () => {
    chat.send(conversationId, 4);
    chat.send(otherConversationId, 2);
    await store.open(conversationId);
    await store.open(otherConversationId);
    hub.invoke.mockClear();

    hub.isConnected = false;
    chat.send(conversationId, 6);
    const pushedWhileDown = chat.send(otherConversationId, 3);
    // A push that made it before the socket noticed: its gap cannot be filled while disconnected.
    store.ingest(pushedWhileDown[2]!);
    await settle();
    expect(hub.invoke).not.toHaveBeenCalled();

    hub.isConnected = true;
    store.catchUpAll();
    await settle();

    expect(backfillCalls()).toEqual(
      expect.arrayContaining([
        ['Backfill', conversationId, 4, 100],
        ['Backfill', otherConversationId, 2, 100],
      ]),
    );
    expect(sequences(conversationId)).toEqual(range(1, 10));
    expect(sequences(otherConversationId)).toEqual(range(1, 5));
    expect(store.state(conversationId)?.watermark).toBe(10);
    expect(store.state(otherConversationId)?.watermark).toBe(5);
  });

  it('moves the watermark past pushes that came early once the gap before them fills', async () => {
    chat.send(conversationId, 3);
    await store.open(conversationId);
    hub.isConnected = false;

    const [fourth, fifth, sixth] = chat.send(conversationId, 3);
    store.ingest(fifth!);
    store.ingest(sixth!);
    expect(store.state(conversationId)?.watermark).toBe(3);

    store.ingest(fourth!);

    expect(store.state(conversationId)?.watermark).toBe(6);
    expect(sequences()).toEqual(range(1, 6));
  });

  it('stops a catch-up quietly when the connection drops in the middle, and resumes from the watermark', async () => {
    chat.send(conversationId, 2);
    await store.open(conversationId);
    hub.invoke.mockClear();
    chat.send(conversationId, 150);
    hub.invoke.mockImplementationOnce(async (_method: string, conversation: string, after: number, limit: number) =>
      chat.backfill(conversation, after, limit),
    );
    hub.invoke.mockImplementationOnce(async () => {
      throw new Error('WebSocket closed with status code: 1006');
    });

    store.catchUpAll();
    await settle();
    expect(store.state(conversationId)?.watermark).toBe(102);

    store.catchUpAll();
    await settle();
    expect(sequences()).toEqual(range(1, 152));
    expect(backfillCalls().map((call) => call[2])).toEqual([2, 102, 102]);
  });

  // A push that lands while a Backfill is in flight is overwritten: catchUp() writes back the state it read before
  // awaiting the hub. See the report (conversationStore.ts, catchUp).
  it('keeps a push that arrives while a catch-up is waiting for the server', async () => {
    chat.send(conversationId, 10);
    await store.open(conversationId);

    let answer: (page: unknown) => void = () => undefined;
    hub.invoke.mockImplementationOnce(
      () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
    );
    const missed = chat.send(conversationId, 3);
    store.ingest(missed[2]!);
    const page = chat.backfill(conversationId, 10, 100);
    // 14 is pushed before the server's answer to the catch-up (which stops at 13) arrives.
    store.ingest(chat.send(conversationId, 1)[0]!);
    answer(page);
    await settle();

    expect(sequences()).toEqual(range(1, 14));
  });

  // Same pattern in loadOlder(): the state read before the GET is written back after it, watermark included.
  it('keeps a push that arrives while an older page is loading', async () => {
    chat.send(conversationId, 45);
    await store.open(conversationId);

    let answer: (value: unknown) => void = () => undefined;
    get.mockImplementationOnce(
      () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
    );
    const loading = store.loadOlder(conversationId);
    store.ingest(chat.send(conversationId, 1)[0]!);
    answer({ data: chat.history(conversationId, 30, '16'), response: { ok: true, status: 200 } as Response });
    await loading;

    expect(sequences()).toEqual(range(1, 46));
    expect(store.state(conversationId)?.watermark).toBe(46);
  });
});
