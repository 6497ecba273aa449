package io.warmpool.events;

import java.util.List;
import java.util.Map;

/** One fixed, valid event of every type; the golden files are these, written out. */
public final class SampleEvents {
    static final long T = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final Endpoint ENDPOINT = new Endpoint("10.0.0.7", 40123);
    static final PoolSnapshot SNAPSHOT = new PoolSnapshot(2, 1, 1, 3, 1, 0, 7, 3, 20);

    private SampleEvents() {
    }

    public static List<WarmpoolEvent> all() {
        return List.of(
                SessionRequested.of("s-1", "default", "router-a", 1, T, T + 30_000, SessionChannel.HTTP),
                BotAssigned.of("s-1", 1, "router-a", "bot-7", "default", ENDPOINT, T + 4, 4),
                SessionRejected.of("s-2", 2, "router-a", "default", RejectReason.POOL_EXHAUSTED, T + 30_000),
                PoolDeficit.of("default", 2, "prov-42", SNAPSHOT, T + 5),
                BotHeartbeat.of("bot-7", "default", BotState.BUSY, ENDPOINT, "s-1", "prov-41", 12, T - 9000, T - 5000,
                        T + 10),
                SessionEnded.of("s-1", "bot-7", "default", EndReason.CLIENT_END, "router", 61_000, 5, T + 61_004),
                BotSpawnFailed.of("prov-42", "default", 2, "image warmpool/bot:dev not found", T + 900),
                PoolStatus.of("default", "allocator-1", SNAPSHOT,
                        List.of(new BotView("bot-7", "BUSY", "s-1", T + 10), new BotView("bot-8", "READY", null, T)),
                        new LatencySummary(120, 2, 9, 14), T + 1000),
                SessionWithdrawn.of("s-3", "default", "router-a", EndReason.CLIENT_GONE, T + 2500),
                RouterHeartbeat.of("router-a", "default", 2, 1000, T + 3000),
                ClaimFailed.of("s-4", 1, "bot-9", "default", "router-a", 401, T + 3500),
                PoolStats.of("default", T, T + 60_000,
                        new SessionCounts(42, 40, Map.of("pool_exhausted", 2L), Map.of("client_end", 35L, "idle", 3L)),
                        new Distribution(40, 3, 12, 480, 510), new Distribution(38, 61_000, 240_000, 290_000, 300_000),
                        BotTime.of(300_000, 210_000, 75_000),
                        new SpawnCounts(40, 2, new Distribution(38, 3_100, 3_900, 4_200, 4_200))));
    }

    public static WarmpoolEvent of(EventType type) {
        return all().stream().filter(e -> e.type() == type).findFirst().orElseThrow();
    }
}
