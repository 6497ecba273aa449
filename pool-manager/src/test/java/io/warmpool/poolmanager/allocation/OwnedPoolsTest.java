package io.warmpool.poolmanager.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.BotAssigned;
import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotState;
import io.warmpool.events.Endpoint;
import io.warmpool.events.RejectReason;
import io.warmpool.events.SessionRejected;
import io.warmpool.events.SessionRequested;
import io.warmpool.poolmanager.pool.PoolPolicy;
import io.warmpool.poolmanager.pool.RequestKey;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OwnedPoolsTest {
    private static final long T0 = 10_000;
    private final PoolPolicy policy = PoolPolicy.defaults().withMinMax(0, 5);
    private final OwnedPools allocator = new OwnedPools(Map.of("a", policy, "b", policy), pool -> () -> pool + "-x");

    @Test
    void rejectsARequestForAnUnknownPool() {
        SessionRequested r = SessionRequested.of("s1", "nope", "router-1", 3, T0, T0 + 1_000);

        var fx = allocator.request(r, T0);

        assertThat(fx.events()).singleElement().isInstanceOfSatisfying(SessionRejected.class, rej -> {
            assertThat(rej.reason()).isEqualTo(RejectReason.UNKNOWN_POOL);
            assertThat(rej.attempt()).isEqualTo(3);
            assertThat(rej.routerId()).isEqualTo("router-1");
        });
        assertThat(allocator.ownedPools()).isEmpty();
    }

    @Test
    void routesEachInputToItsOwnPool() {
        allocator.own(Set.of("a", "b"), T0);
        allocator.heartbeat(BotHeartbeat.of("bot-a", "a", BotState.READY, new Endpoint("h", 1), null, null, 1, 0,
                T0, T0), T0);

        var inB = allocator.request(SessionRequested.of("s1", "b", "r", 1, T0, T0 + 60_000), T0 + 1);
        var inA = allocator.request(SessionRequested.of("s2", "a", "r", 1, T0, T0 + 60_000), T0 + 1);

        assertThat(inB.events()).noneMatch(BotAssigned.class::isInstance);
        assertThat(allocator.isQueued("b", new RequestKey("s1", 1))).isTrue();
        assertThat(inA.events()).filteredOn(BotAssigned.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((BotAssigned) e).botId()).isEqualTo("bot-a"));
    }

    @Test
    void dropsEveryPoolAndHandsBackTheWaitingRequests() {
        allocator.own(Set.of("a"), T0);
        allocator.request(SessionRequested.of("s1", "a", "r", 1, T0, T0 + 60_000), T0);

        assertThat(allocator.dropAll()).containsExactly(new RequestKey("s1", 1));
        assertThat(allocator.ownedPools()).isEmpty();
        assertThat(allocator.tick(T0 + 100_000).events()).isEmpty();
    }

    @Test
    void ownsThePoolsWhosePartitionItHolds() {
        Map<String, Integer> partitionOf = Map.of("a", 0, "b", 1, "c", 2, "d", 1);

        assertThat(PoolOwnership.owned(partitionOf.keySet(), Set.of(1, 3), partitionOf::get))
                .containsExactly("b", "d");
        assertThat(PoolOwnership.owned(partitionOf.keySet(), Set.of(), partitionOf::get)).isEmpty();
    }
}
