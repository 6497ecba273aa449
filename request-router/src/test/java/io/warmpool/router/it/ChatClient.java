package io.warmpool.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A chat client over a real WebSocket: frames land in a queue the test reads in order. Shared (test-jar)
 * with the tests of the standalone and compose stacks.
 */
public final class ChatClient {
    public static final Duration WAIT = Duration.ofSeconds(20);

    private final WebSocket socket;
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();
    final long openedAt;

    private ChatClient(WebSocket socket, long openedAt) {
        this.socket = socket;
        this.openedAt = openedAt;
        socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
        socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
    }

    /** A client for tests; keep a reference to it (Vert.x closes an unreachable client and its sockets). */
    public static WebSocketClient newClient(Vertx vertx) {
        return vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 20).setMaxConnections(1_000));
    }

    /** {@link #greetAndEnd()} through a router on {@code localhost:port}, with a client of its own. */
    public static String greetAndEnd(Vertx vertx, int port, String pool) {
        // Referenced until closed: Vert.x closes a client the GC finds unreachable, even mid-handshake.
        WebSocketClient client = newClient(vertx);
        try {
            return open(client, port, "/chat?pool=" + pool).greetAndEnd();
        } finally {
            client.close();
        }
    }

    public static ChatClient open(WebSocketClient client, int port, String uri) {
        return open(client, port, uri, Map.of());
    }

    public static ChatClient open(WebSocketClient client, int port, String uri, Map<String, String> headers) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI(uri);
        headers.forEach(options::addHeader);
        long start = System.nanoTime();
        // Handlers before the connect: the router writes "queued" the moment the socket opens, and a
        // handler attached to the connect's future may come after it (then the frame is lost).
        ClientWebSocket socket = client.webSocket();
        ChatClient chat = new ChatClient(socket, start);
        try {
            socket.connect(options).await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return chat;
        } catch (Exception e) {
            throw new AssertionError("cannot open " + uri, e);
        }
    }

    public JsonObject next() {
        return next(WAIT);
    }

    public JsonObject next(Duration wait) {
        try {
            JsonObject frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(frame).as("a frame within " + wait).isNotNull();
            return frame;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The next frame, which must be of {@code type}. */
    public JsonObject expect(String type) {
        return expect(type, WAIT);
    }

    /** The next frame within {@code wait}, which must be of {@code type} (a bot that is still starting). */
    public JsonObject expect(String type, Duration wait) {
        JsonObject frame = next(wait);
        assertThat(frame.getString("type")).as("frame " + frame).isEqualTo(type);
        return frame;
    }

    public void send(String raw) {
        socket.writeTextMessage(raw);
    }

    public void say(String text) {
        send(new JsonObject().put("type", "message").put("text", text).encode());
    }

    /** Leaves without a word: the socket closes. */
    public void close() {
        socket.close();
    }

    public void end() {
        send("{\"type\":\"end\"}");
    }

    /** Says {@code text} and returns the bot's reply, checking that its tokens add up to it. */
    public String reply(String text) {
        say(text);
        StringBuilder tokens = new StringBuilder();
        JsonObject frame = next();
        while ("token".equals(frame.getString("type"))) {
            tokens.append(frame.getString("text"));
            frame = next();
        }
        assertThat(frame.getString("type")).as("frame " + frame).isEqualTo("reply");
        assertThat(tokens.toString()).isEqualTo(frame.getString("text"));
        return frame.getString("text");
    }

    /**
     * A whole chat as a user has it: a bot assigned, a greeting answered by the rules engine, the
     * session ended. Returns the bot's id.
     */
    public String greetAndEnd() {
        expect("queued");
        String botId = expect("assigned").getString("botId");
        assertThat(reply("Hello!")).isEqualTo("Hello. How are you feeling today?");
        end();
        expect("ended");
        return botId;
    }

    public short awaitClose() {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the router did not close the socket", e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }
}
