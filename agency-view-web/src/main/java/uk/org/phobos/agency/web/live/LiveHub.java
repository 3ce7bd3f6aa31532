package uk.org.phobos.agency.web.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.component.EventFeed;

/**
 * The dashboard's one event stream: small "this changed" notices ({@code fleet}, {@code session},
 * {@code queue}) that tell open pages what to fetch again. The newest events are kept for {@code
 * Last-Event-ID} replay; a client that reconnects from further back (or from before a restart: ids
 * start at the clock's milliseconds times 1000, so they grow across restarts) first gets {@code reset},
 * meaning "fetch everything". The stream never ends by itself.
 *
 * <p>Publishing never waits for a client. Under the hub's lock an event only gets its id and is put
 * in each client's own small queue; each client's events are sent in order by a task of its own on
 * {@code senders}, outside the lock. So one slow or stuck browser delays nobody else. A client whose
 * send fails, that has {@link #MAX_PENDING} events waiting, or whose current send has taken longer
 * than {@link #MAX_SEND}, is dropped: it gets no more events and, once its send returns, its stream is
 * ended, so the browser reconnects and catches up with {@code Last-Event-ID}.
 */
public final class LiveHub implements EventFeed {
    static final int KEPT = 500;
    /** Events a client may have waiting (more than a whole replay); one more and it counts as stuck. */
    static final int MAX_PENDING = 2 * KEPT;
    /** How long one send to a client may take before the client counts as stuck. */
    static final Duration MAX_SEND = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(LiveHub.class);

    private final Clock clock;
    private final Executor senders;
    private final Deque<FeedEvent> recent = new ArrayDeque<>();
    private final Set<Client> clients = new LinkedHashSet<>();
    private long nextId;

    /** A hub whose sends run on {@code senders} (a pool that grows: each busy client holds a thread). */
    public LiveHub(Clock clock, Executor senders) {
        this.clock = clock;
        this.senders = senders;
        this.nextId = clock.millis() * 1000;
    }

    public void publish(String name, Map<String, ?> data) {
        List<Client> toWake = new ArrayList<>();
        List<Client> stuck = new ArrayList<>();
        synchronized (this) {
            FeedEvent event = new FeedEvent(nextId++, name, data);
            recent.addLast(event);
            while (recent.size() > KEPT) {
                recent.removeFirst();
            }
            Instant now = clock.instant();
            for (Client client : List.copyOf(clients)) {
                switch (client.offer(event, now)) {
                    case WAKE -> toWake.add(client);
                    case STUCK -> {
                        clients.remove(client);
                        stuck.add(client);
                    }
                    case NONE -> {
                        // queued behind others (its sender is running), or it is ending
                    }
                }
            }
        }
        for (Client client : stuck) {
            log.info("a live-update client stopped taking events: dropping it (it reconnects and catches up)");
            wake(client, client.drop());
        }
        for (Client client : toWake) {
            wake(client, true);
        }
    }

    @Override
    public Subscription subscribe(long afterId, EventListener listener) {
        Client client = new Client(listener);
        boolean toWake;
        synchronized (this) {
            long oldestKept = recent.isEmpty() ? nextId : recent.peekFirst().id();
            boolean covered = afterId > 0 && afterId >= oldestKept - 1 && afterId < nextId;
            List<FeedEvent> first = new ArrayList<>();
            if (afterId > 0 && !covered) {
                first.add(new FeedEvent(nextId - 1, "reset", Map.of()));
            } else if (afterId == 0) {
                first.add(new FeedEvent(nextId - 1, "hello", Map.of()));
            }
            if (covered) {
                for (FeedEvent event : recent) {
                    if (event.id() > afterId) {
                        first.add(event);
                    }
                }
            }
            toWake = client.start(first);
            clients.add(client);
        }
        wake(client, toWake);
        return client;
    }

    /** Ends every open subscription (shutdown): each gets what it has waiting, then its end. */
    public void endAll() {
        List<Client> all;
        synchronized (this) {
            all = List.copyOf(clients);
            clients.clear();
        }
        for (Client client : all) {
            wake(client, client.end());
        }
    }

    /** How many clients get events now. */
    synchronized int clientCount() {
        return clients.size();
    }

    private void wake(Client client, boolean needed) {
        if (!needed) {
            return;
        }
        try {
            senders.execute(client::drain);
        } catch (RejectedExecutionException e) {
            client.close(); // shutting down
        }
    }

    private void remove(Client client) {
        synchronized (this) {
            clients.remove(client);
        }
    }

    private enum Offer {
        /** Queued, and the client's sender must be started. */
        WAKE,
        /** Nothing to do: queued while its sender runs, or the client is ending. */
        NONE,
        /** Not queued: the client is stuck and must be dropped. */
        STUCK
    }

    /** One subscriber: its waiting events, sent in order by at most one sender at a time. */
    private final class Client implements Subscription {
        private final EventListener listener;
        private final Deque<FeedEvent> pending = new ArrayDeque<>();
        private boolean draining;
        private boolean ending; // its end is due after what is pending
        private boolean closed; // nothing more is sent
        private Instant sendingSince;

        Client(EventListener listener) {
            this.listener = listener;
        }

        /** Queues its first events; true when its sender must be started. */
        synchronized boolean start(List<FeedEvent> first) {
            pending.addAll(first);
            return !pending.isEmpty() && wakeIfIdle();
        }

        synchronized Offer offer(FeedEvent event, Instant now) {
            if (closed || ending) {
                return Offer.NONE;
            }
            if (pending.size() >= MAX_PENDING
                    || (sendingSince != null
                            && Duration.between(sendingSince, now).compareTo(MAX_SEND) > 0)) {
                return Offer.STUCK;
            }
            pending.addLast(event);
            return wakeIfIdle() ? Offer.WAKE : Offer.NONE;
        }

        /** Stops its events and schedules its end; true when its sender must be started. */
        synchronized boolean drop() {
            pending.clear();
            return end();
        }

        /** Schedules its end after what is pending; true when its sender must be started. */
        synchronized boolean end() {
            if (closed || ending) {
                return false;
            }
            ending = true;
            return wakeIfIdle();
        }

        private boolean wakeIfIdle() {
            if (draining) {
                return false;
            }
            draining = true;
            return true;
        }

        /** Sends what is waiting, then stops; runs on a sender thread, never twice at once. */
        void drain() {
            while (true) {
                FeedEvent next;
                boolean sendEnd = false;
                synchronized (this) {
                    next = closed ? null : pending.pollFirst();
                    if (next == null) {
                        if (ending && !closed) {
                            closed = true;
                            sendEnd = true;
                        } else {
                            draining = false;
                            return;
                        }
                    }
                    sendingSince = clock.instant();
                }
                try {
                    if (sendEnd) {
                        listener.onEnd();
                    } else {
                        listener.onEvent(next);
                    }
                } catch (RuntimeException e) {
                    log.debug("sending a live update failed: dropping the client", e);
                    remove(this);
                    drop();
                } finally {
                    synchronized (this) {
                        sendingSince = null;
                    }
                }
                if (sendEnd) {
                    synchronized (this) {
                        draining = false;
                    }
                    return;
                }
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                closed = true;
                pending.clear();
            }
            remove(this);
        }
    }
}
