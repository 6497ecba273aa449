package io.warmpool.faults.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.warmpool.bench.load.ChatSession;
import io.warmpool.bench.load.SessionResult;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the suite counts a client as answered, read from real clients of a real WebSocket server: the
 * trail a failed client reports must not change how it is counted (a router killed under its clients
 * closes their sockets: answered, not "without an outcome").
 */
class ClientAnswersTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aSocketClosedUnderTheClientIsAnAnswerAndItsTrailIsToldApart() throws Exception {
        SessionResult s = clientOf(socket -> socket.writeTextMessage("{\"type\":\"queued\"}")
                .onComplete(v -> socket.close()));

        assertThat(s.detail()).isEqualTo(SessionResult.CLOSED_EARLY);
        assertThat(s.trail()).contains("open", "queued");
        assertThat(s.described()).startsWith(SessionResult.CLOSED_EARLY + " (").contains("queued");
        assertThat(Tally.answer(s)).isEqualTo(Tally.Answer.CLOSED);
    }

    @Test
    void aClientAssignedAndThenLeftWithoutAnEndTimesOutAssigned() throws Exception {
        SessionResult s = clientOf(socket -> socket.writeTextMessage("{\"type\":\"assigned\",\"botId\":\"b1\"}"));

        assertThat(s.detail()).isEqualTo(SessionResult.TIMED_OUT);
        assertThat(s.trail()).contains("assigned", ">end");
        assertThat(Tally.answer(s)).isEqualTo(Tally.Answer.ASSIGNED);
    }

    @Test
    void aClientQueuedAndThenLeftInSilenceIsWithoutAnOutcome() throws Exception {
        SessionResult s = clientOf(socket -> socket.writeTextMessage("{\"type\":\"queued\"}"));

        assertThat(s.detail()).isEqualTo(SessionResult.TIMED_OUT);
        assertThat(s.trail()).contains("queued");
        assertThat(Tally.answer(s)).isEqualTo(Tally.Answer.NONE);
    }

    private SessionResult clientOf(Consumer<ServerWebSocket> server) throws Exception {
        HttpServer http = vertx.createHttpServer().webSocketHandler(server::accept).listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        WebSocketClient client = vertx.createWebSocketClient();
        return ChatSession.viaRouter(vertx, client, http.actualPort(), "default", System.nanoTime(),
                ChatSession.Script.END_AT_ONCE, 1_000).await(10, TimeUnit.SECONDS);
    }
}
