package io.warmpool.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.BotTime;
import io.warmpool.events.Distribution;
import io.warmpool.events.PoolStats;
import io.warmpool.events.SessionCounts;
import io.warmpool.events.SpawnCounts;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsHistoryTest {
    private static final long T = 1_767_225_600_000L;
    private static final long MINUTE = 60_000;

    private static PoolStats window(String pool, long start, long requested) {
        return PoolStats.of(pool, start, start + MINUTE, new SessionCounts(requested, 0, Map.of(), Map.of()),
                Distribution.NONE, Distribution.NONE, BotTime.NONE, new SpawnCounts(0, 0, Distribution.NONE));
    }

    @Test
    void keepsTheLastHourOfEachPoolCountedFromItsNewestWindowAndAReplayOnce() {
        StatsHistory history = new StatsHistory();
        for (int i = 0; i <= 60; i++) {
            assertThat(history.add(window("a", T + i * MINUTE, i))).isTrue();
        }
        history.add(window("b", T, 7));
        assertThat(history.add(window("a", T + 30 * MINUTE, 99))).as("a replayed window replaces its twin").isTrue();
        assertThat(history.add(window("a", T - MINUTE, 1))).as("older than the hour").isFalse();

        assertThat(history.all().stream().filter(s -> s.pool().equals("a")))
                .hasSize(60)
                .extracting(PoolStats::windowStart).startsWith(T + MINUTE).endsWith(T + 60 * MINUTE);
        assertThat(history.all().stream().filter(s -> s.windowStart() == T + 30 * MINUTE && s.pool().equals("a")))
                .singleElement().extracting(s -> s.sessions().requested()).isEqualTo(99L);
        assertThat(history.all()).filteredOn(s -> s.pool().equals("b")).hasSize(1);
    }
}
