package io.warmpool.faults.load;

import io.vertx.core.Future;
import io.warmpool.bench.load.ChatSession;
import io.warmpool.bench.load.OpenLoop;
import io.warmpool.bench.load.SessionResult;
import io.warmpool.bench.stack.Clients;
import io.warmpool.bench.stack.Wait;
import io.warmpool.faults.FaultOptions;
import io.warmpool.faults.stack.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The load every scenario runs under: short sessions arriving in the open model (session {@code i}
 * at {@code t0 + i / rate}, each ending as soon as it is assigned, bots reused) on a thread of its
 * own, plus long chats opened first that talk for the whole scenario.
 */
public final class Load implements AutoCloseable {
    /** What the clients saw. */
    public record Seen(List<SessionResult> sessions, List<LongChat> chats) {
    }

    private final Clients clients = new Clients();
    private final List<LongChat> chats = new ArrayList<>();
    private final Thread arrivals;
    private volatile boolean arriving = true;
    private volatile List<SessionResult> sessions = List.of();

    private Load(Stack stack, FaultOptions o) {
        for (int i = 0; i < o.longChats(); i++) {
            chats.add(LongChat.open(clients.vertx, clients.ws, stack.routerPort(), Stack.POOL, o.chatEvery()));
        }
        Wait.until(o.longChats() + " long chats assigned", Duration.ofMinutes(1),
                () -> chats.stream().allMatch(c -> c.assignedAt() >= 0 || c.endedAt() >= 0));
        long timeout = o.clientTimeout().toMillis();
        arrivals = new Thread(() -> sessions = OpenLoop.run(i -> arriving, o.rate(),
                o.clientTimeout().plusSeconds(5), intended -> ChatSession.viaRouter(clients.vertx, clients.ws,
                        stack.routerPort(), Stack.POOL, intended, ChatSession.Script.END_AT_ONCE, timeout)),
                "faults-arrivals");
        arrivals.start();
    }

    /** Opens the long chats, waits until each has a bot, then starts the arrivals. */
    public static Load start(Stack stack, FaultOptions o) {
        return new Load(stack, o);
    }

    public List<LongChat> chats() {
        return List.copyOf(chats);
    }

    /** Stops the arrivals, waits for the last sessions' answers, ends the long chats. */
    public Seen stop() throws Exception {
        arriving = false;
        arrivals.join();
        Future.join(chats.stream().map(LongChat::finish).toList()).await(30, TimeUnit.SECONDS);
        return new Seen(sessions, List.copyOf(chats));
    }

    @Override
    public void close() {
        arriving = false;
        clients.close();
    }
}
