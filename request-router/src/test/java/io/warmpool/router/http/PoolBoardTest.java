package io.warmpool.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.warmpool.events.BotSpawnFailed;
import io.warmpool.events.LatencySummary;
import io.warmpool.events.PoolSnapshot;
import io.warmpool.events.PoolStatus;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/pools} over real HTTP: a pool whose spawns fail shows the failure until it is at its target. */
@ExtendWith(VertxExtension.class)
class PoolBoardTest {
    private final PoolBoard board = new PoolBoard();
    private WebClient client;
    private int port;

    @BeforeEach
    void serve(Vertx vertx) {
        HttpServer server = vertx.createHttpServer().requestHandler(board.mount(vertx, Router.router(vertx)))
                .listen(0).await();
        port = server.actualPort();
        client = WebClient.create(vertx);
    }

    private static PoolStatus status(String pool, int ready, int target) {
        return PoolStatus.of(pool, "alloc-1", new PoolSnapshot(ready, 0, 0, 0, 0, 0, ready, target, 20), List.of(),
                new LatencySummary(0, 0, 0, 0), 1_000);
    }

    private JsonArray pools() {
        return client.get(port, "localhost", "/api/pools").send().await().bodyAsJsonArray();
    }

    @Test
    void aSpawnFailureOfAPoolShortOfItsTargetIsShownUntilItIsAtTarget() {
        board.update(status("default", 0, 3));
        board.spawnFailed(BotSpawnFailed.of("p-1", "default", 3, "engine unreachable: no Docker engine", 2_000));
        board.update(status("other", 1, 1));

        JsonObject pool = pools().getJsonObject(0);
        assertThat(pool.getString("pool")).isEqualTo("default");
        assertThat(pool.getString("error")).isEqualTo("engine unreachable: no Docker engine");
        assertThat(pool.getLong("errorAt")).isEqualTo(2_000L);
        assertThat(pools().getJsonObject(1).containsKey("error")).as("another pool's failure is not shown").isFalse();

        board.update(status("default", 2, 3));
        assertThat(pools().getJsonObject(0).getString("error")).as("still short of target").isNotNull();

        board.update(status("default", 3, 3));
        assertThat(pools().getJsonObject(0).containsKey("error")).isFalse();
    }

    @Test
    void aFailureBeforeAnyStatusWaitsForThePoolsStatus() {
        board.spawnFailed(BotSpawnFailed.of("p-1", "early", 1, "image missing", 5));
        assertThat(pools()).isEmpty();

        board.update(status("early", 0, 1));
        assertThat(pools().getJsonObject(0).getString("error")).isEqualTo("image missing");
    }
}
