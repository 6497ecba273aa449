package io.warmpool.poolmanager.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stop order, with real deployments: an allocator that cannot stop does not keep the bots running. */
class PoolManagerStopTest {
    private final Vertx vertx = Vertx.vertx();
    private final List<String> stopped = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void theProvisionerStopsItsBotsEvenWhenTheAllocatorNeverFinishesStopping() throws Exception {
        String http = deploy("http", Future.succeededFuture());
        String allocator = deploy("allocator", Promise.<Void>promise().future()); // outputs that never get acknowledged
        String provisioner = deploy("provisioner", Future.succeededFuture());
        PoolManager pm = new PoolManager(vertx, null, http, Optional.of(allocator), Optional.of(provisioner),
                Optional::empty);

        long t0 = System.nanoTime();
        pm.stop().await(PoolManager.ALLOCATOR_STOP.toSeconds() + 20, TimeUnit.SECONDS);

        assertThat(stopped).containsExactly("http", "allocator", "provisioner");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
                .as("the provisioner's turn came once the allocator's bound had passed")
                .isGreaterThanOrEqualTo(PoolManager.ALLOCATOR_STOP.toMillis());
    }

    @Test
    void inOrderAndAtOnceWhenEachPartStops() throws Exception {
        String http = deploy("http", Future.succeededFuture());
        String allocator = deploy("allocator", Future.succeededFuture());
        String provisioner = deploy("provisioner", Future.succeededFuture());

        new PoolManager(vertx, null, http, Optional.of(allocator), Optional.of(provisioner), Optional::empty).stop()
                .await(PoolManager.ALLOCATOR_STOP.toSeconds(), TimeUnit.SECONDS);

        assertThat(stopped).containsExactly("http", "allocator", "provisioner");
    }

    /** A verticle that records when its stop begins and completes its stop with {@code done}. */
    private String deploy(String name, Future<Void> done) throws Exception {
        return vertx.deployVerticle(new VerticleBase() {
            @Override
            public Future<?> stop() {
                stopped.add(name);
                return done;
            }
        }).await(10, TimeUnit.SECONDS);
    }
}
