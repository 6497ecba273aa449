package io.warmpool.router.routing;

import io.vertx.core.Vertx;
import io.warmpool.runtime.kafka.EventPublisher;
import java.util.function.LongSupplier;

/** What every client session of one router shares. {@code clock} gives epoch milliseconds. */
public record RoutingServices(Vertx vertx, String routerId, long sessionDeadlineMs, Limits limits,
                              EventPublisher publisher, SessionRegistry registry, BotClaimer claimer,
                              RouterMetrics metrics, LongSupplier clock) {
}
