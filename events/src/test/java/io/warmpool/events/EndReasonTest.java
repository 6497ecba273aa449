package io.warmpool.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndReasonTest {
    @Test
    void aBotsReasonIsReadAndAnUnknownOneIsABotError() {
        assertThat(EndReason.fromBot("idle")).isEqualTo(EndReason.IDLE);
        assertThat(EndReason.fromBot("bot_shutdown")).isEqualTo(EndReason.BOT_SHUTDOWN);
        assertThat(EndReason.fromBot("meteor_strike")).isEqualTo(EndReason.BOT_ERROR);
        assertThat(EndReason.fromBot(null)).isEqualTo(EndReason.BOT_ERROR);
    }
}
