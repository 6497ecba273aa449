package io.warmpool.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.junit5.VertxExtension;
import io.warmpool.runtime.config.Env;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A rehearsal holds real chats over loopback, and succeeds only when each one was claimed, got its
 * reply and its {@code ended} frame. That it publishes nothing is {@link HeartbeatIT}'s: a bot that
 * rehearses (the default) heartbeats exactly STARTING, READY, BUSY, EXITING around one real session.
 */
@ExtendWith(VertxExtension.class)
class RehearsalTest {
    private static final BotConfig CONFIG = BotConfig.from(Env.of(Map.of(BotConfig.CLAIM_KEY, "0123456789abcdef",
            BotConfig.BOT_ID, "rehearsing")));

    @Test
    void chatsEndAsRealOnesDo(Vertx vertx) throws Exception {
        Future<Void> rehearsed = Rehearsal.run(vertx, CONFIG, new HttpServerOptions(), Clock.systemUTC(), 3);
        rehearsed.await(30, TimeUnit.SECONDS);
        assertThat(rehearsed.succeeded()).isTrue();
    }

    @Test
    void aChatWhoseClaimIsRefusedFailsTheRehearsal(Vertx vertx) {
        // A clock that leaps a minute at every reading: the claim has expired by the time it is checked.
        AtomicLong readings = new AtomicLong();
        Clock leaping = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(1_000_000_000_000L + readings.getAndIncrement() * 60_000);
            }
        };
        Future<Void> rehearsed = Rehearsal.run(vertx, CONFIG, new HttpServerOptions(), leaping, 3);
        assertThat(rehearsed.toCompletionStage().toCompletableFuture())
                .failsWithin(java.time.Duration.ofSeconds(30))
                .withThrowableThat().withMessageContaining("409");
    }

    @Test
    void noChatsNoServer(Vertx vertx) {
        assertThat(Rehearsal.run(vertx, CONFIG, new HttpServerOptions(), Clock.systemUTC(), 0).succeeded()).isTrue();
    }
}
