package io.warmpool.bot.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.warmpool.events.claim.Claim;
import io.warmpool.events.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A router's side of a bot's {@code /chat} WebSocket, for tests: frames arrive in a queue. */
public final class ChatClient {
    public static final Duration WAIT = Duration.ofSeconds(10);
    // Held strongly: Vert.x closes a client that becomes unreachable, even in the middle of a handshake.
    private static final Map<Vertx, WebSocketClient> CLIENTS = new ConcurrentHashMap<>();

    private final WebSocket socket;
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();

    private ChatClient(WebSocket socket) {
        this.socket = socket;
        socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
        socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
    }

    /** Opens the socket with the claim token (none if null); fails with UpgradeRejectedException when refused. */
    public static Future<ChatClient> connect(Vertx vertx, Endpoint endpoint, String claimToken) {
        WebSocketClient client = CLIENTS.computeIfAbsent(vertx, Vertx::createWebSocketClient);
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(endpoint.host()).setPort(endpoint.port()).setURI("/chat");
        if (claimToken != null) {
            options.addHeader(Claim.HEADER, claimToken);
        }
        // Handlers before the connect, so no frame can come before them.
        ClientWebSocket socket = client.webSocket();
        ChatClient chat = new ChatClient(socket);
        return socket.connect(options).map(ws -> chat);
    }

    public static ChatClient open(Vertx vertx, Endpoint endpoint, String claimToken) throws Exception {
        return connect(vertx, endpoint, claimToken).await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void send(String frame) {
        socket.writeTextMessage(frame);
    }

    public void say(String text) {
        send(new JsonObject().put("type", "message").put("text", text).encode());
    }

    public void end() {
        send(new JsonObject().put("type", "end").encode());
    }

    public void close() {
        socket.close();
    }

    public JsonObject next() throws InterruptedException {
        JsonObject frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within " + WAIT);
        }
        return frame;
    }

    /** The token frames up to the reply, and the reply. */
    public Reply awaitReply() throws InterruptedException {
        List<String> tokens = new ArrayList<>();
        for (JsonObject frame = next(); ; frame = next()) {
            switch (frame.getString("type")) {
                case "token" -> tokens.add(frame.getString("text"));
                case "reply" -> {
                    return new Reply(tokens, frame.getString("text"));
                }
                default -> throw new AssertionError("expected token or reply but got " + frame);
            }
        }
    }

    /** The WebSocket close status, once the bot closed. */
    public short awaitClosed() throws Exception {
        return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    public record Reply(List<String> tokens, String text) {
    }
}
