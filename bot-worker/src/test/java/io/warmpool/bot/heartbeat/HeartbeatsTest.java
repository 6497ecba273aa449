package io.warmpool.bot.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.BotHeartbeat;
import io.warmpool.events.BotState;
import io.warmpool.events.Endpoint;
import io.warmpool.events.PodRef;
import org.junit.jupiter.api.Test;

class HeartbeatsTest {
    private static final Endpoint AT = new Endpoint("10.0.0.7", 40123);

    @Test
    void seqGrowsByOneAndReadyAtIsStampedOnce() {
        Heartbeats heartbeats = new Heartbeats("bot-1", "default", "prov-1", null, 100);
        BotHeartbeat starting = heartbeats.next(BotState.STARTING, null, null, 150);
        BotHeartbeat ready = heartbeats.next(BotState.READY, AT, null, 3100);
        BotHeartbeat again = heartbeats.next(BotState.READY, AT, null, 4100);
        BotHeartbeat busy = heartbeats.next(BotState.BUSY, AT, "s-1", 4200);
        BotHeartbeat exiting = heartbeats.next(BotState.EXITING, AT, "s-1", 5000);

        assertThat(starting).isEqualTo(BotHeartbeat.of("bot-1", "default", BotState.STARTING, null, null, "prov-1",
                0, 100, null, 150));
        assertThat(ready.seq()).isEqualTo(1);
        assertThat(ready.readyAt()).isEqualTo(3100);
        assertThat(again.seq()).isEqualTo(2);
        assertThat(again.readyAt()).isEqualTo(3100);
        assertThat(busy.sessionId()).isEqualTo("s-1");
        assertThat(busy.readyAt()).isEqualTo(3100);
        assertThat(exiting.sessionId()).as("only BUSY names its session").isNull();
        assertThat(exiting.seq()).isEqualTo(4);
    }

    @Test
    void aBotInAPodNamesItInEveryHeartbeat() {
        PodRef pod = new PodRef("warmpool-bot-default-6d4f-x2k9p", "warmpool");
        Heartbeats heartbeats = new Heartbeats("warmpool-bot-default-6d4f-x2k9p", "default", null, pod, 100);

        assertThat(heartbeats.next(BotState.STARTING, null, null, 150).pod()).isEqualTo(pod);
        assertThat(heartbeats.next(BotState.READY, AT, null, 200).pod()).isEqualTo(pod);
    }
}
