import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useSyncExternalStore } from 'react';
import { AppState } from 'react-native';

import { useAuth } from '@/auth/AuthProvider';

import { ConversationStore } from './conversationStore';
import { Hub, type HubEvents, type HubStatus } from './hub';
import { Outbox } from './outbox';

interface Realtime {
  hub: Hub;
  conversations: ConversationStore;
  outbox: Outbox;
}

const RealtimeContext = createContext<Realtime | null>(null);

/**
 * One realtime connection per signed-in app instance. It feeds the open conversations, sends the outbox, tells the
 * server when the app goes to the background (away), and after every reconnection refreshes what may have changed
 * meanwhile: the conversation list, unread counts and the notification inbox.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const { userId } = useAuth();
  const queryClient = useQueryClient();
  // Built once per signed-in person (nothing starts here); the effect below connects and disconnects.
  const realtime = useMemo<Realtime | null>(() => {
    if (!userId) {
      return null;
    }
    const hub = new Hub();
    const conversations = new ConversationStore(hub);
    const outbox = new Outbox(userId, hub, (message) => conversations.ingest(message));
    return { hub, conversations, outbox };
  }, [userId]);

  useEffect(() => {
    if (!realtime) {
      return;
    }
    const { hub, conversations, outbox } = realtime;
    // The list and the unread counts follow the conversation at most twice a second, whatever the traffic: each
    // message would otherwise cost two requests and a render of the list on every device.
    const refreshConversationList = trailing(500, () => {
      void queryClient.invalidateQueries({ queryKey: ['conversations', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['conversations', 'unread'] });
    });
    const refresh = () => {
      void queryClient.invalidateQueries({ queryKey: ['conversations'] });
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    };
    const stops = [
      hub.on('message', (message) => {
        conversations.ingest(message);
        refreshConversationList();
      }),
      hub.on('messageChanged', (message) => conversations.ingest(message)),
      hub.on('conversationOpened', () => void queryClient.invalidateQueries({ queryKey: ['conversations'] })),
      hub.on('read', refreshConversationList),
      hub.on('notification', () => void queryClient.invalidateQueries({ queryKey: ['notifications'] })),
      hub.on('connected', () => {
        refresh();
        conversations.catchUpAll();
        void outbox.flush();
        void hub.invoke('SetAway', AppState.currentState !== 'active').catch(() => undefined);
      }),
    ];
    const appState = AppState.addEventListener('change', (state) => {
      if (hub.isConnected) {
        void hub.invoke('SetAway', state !== 'active').catch(() => undefined);
      }
    });
    void outbox.load().then(() => hub.start());

    return () => {
      refreshConversationList.cancel();
      stops.forEach((stop) => stop());
      appState.remove();
      void hub.stop();
    };
  }, [realtime, queryClient]);

  return <RealtimeContext.Provider value={realtime}>{children}</RealtimeContext.Provider>;
}

/** Runs <paramref name="run"/> once, <paramref name="ms"/> after the first of a burst of calls. */
function trailing(ms: number, run: () => void): (() => void) & { cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const call = () => {
    timer ??= setTimeout(() => {
      timer = null;
      run();
    }, ms);
  };
  return Object.assign(call, {
    cancel: () => {
      if (timer) {
        clearTimeout(timer);
      }
    },
  });
}

export function useRealtime(): Realtime | null {
  return useContext(RealtimeContext);
}

/** Runs <paramref name="handler"/> for each <paramref name="event"/> pushed while the component is shown. */
export function useHubEvent<K extends keyof HubEvents>(event: K, handler: (payload: HubEvents[K]) => void): void {
  const realtime = useRealtime();
  useEffect(() => realtime?.hub.on(event, handler), [realtime, event, handler]);
}

export function useHubStatus(): HubStatus {
  const realtime = useRealtime();
  return useSyncExternalStore(
    (listener) => realtime?.hub.onStatus(listener) ?? (() => undefined),
    () => realtime?.hub.status ?? 'offline',
  );
}
