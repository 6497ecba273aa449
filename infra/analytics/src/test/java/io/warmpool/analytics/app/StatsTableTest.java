package io.warmpool.analytics.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.BotTime;
import io.warmpool.events.Distribution;
import io.warmpool.events.PoolStats;
import io.warmpool.events.SessionCounts;
import io.warmpool.events.SpawnCounts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsTableTest {
    private static final long T = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    @Test
    void oneLinePerPoolInNameOrderWithTheRejectionsSpelledOut() {
        PoolStats busy = PoolStats.of("default", T, T + 60_000,
                new SessionCounts(12, 10, Map.of("pool_exhausted", 2L), Map.of("client_end", 9L)),
                new Distribution(10, 3, 40, 41, 41), new Distribution(9, 61_000, 90_000, 90_000, 90_000),
                BotTime.of(180_000, 45_000, 120_000), new SpawnCounts(10, 1, new Distribution(9, 3_100, 3_500, 3_500, 3_500)));
        PoolStats idle = PoolStats.of("alpha", T, T + 60_000, new SessionCounts(0, 0, Map.of(), Map.of()),
                Distribution.NONE, Distribution.NONE, BotTime.of(120_000, 0, 120_000),
                new SpawnCounts(0, 0, Distribution.NONE));

        List<String> lines = StatsTable.render(List.of(busy, idle)).lines().toList();

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("pool").contains("req", "util", "warm bot-s");
        assertThat(lines.get(1)).startsWith("alpha").contains("00:00:00-00:01:00", "0%", "120.0");
        assertThat(lines.get(2)).startsWith("default").contains(" 12 ", " 10 ", "3/41/41 ms", "61.0 s", "25%",
                "10/1", "3.1 s");
        assertThat(lines.get(3)).isEqualTo("    rejected: pool_exhausted 2");
    }
}
