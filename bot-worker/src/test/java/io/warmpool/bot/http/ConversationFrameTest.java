package io.warmpool.bot.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.warmpool.bot.engine.Turn;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ConversationFrameTest {
    @Test
    void readsEveryRoleInOrder() {
        JsonArray messages = new JsonArray("[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"hi\",\"name\":\"ann\"},{\"role\":\"assistant\",\"content\":\"hello\"},"
                + "{\"role\":\"user\",\"content\":\"I feel fine\"}]");

        assertThat(ConversationFrame.parse(messages).turns()).containsExactly(
                new Turn(Turn.Role.SYSTEM, "Be brief."), Turn.user("hi"), Turn.assistant("hello"),
                Turn.user("I feel fine"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'\"x\"'                                                   | messages must be a non-empty array",
        "[]                                                        | messages must be a non-empty array",
        "[1]                                                       | messages[0] must be an object",
        "'[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"tool\",\"content\":\"b\"}]' | messages[1].role must be",
        "'[{\"content\":\"a\"}]'                                   | messages[0].role must be",
        "'[{\"role\":\"user\",\"content\":[\"a\"]}]'               | messages[0].content must be a string",
        "'[{\"role\":\"system\",\"content\":\"a\"}]'               | messages must hold a user message",
        "'[{\"role\":\"user\",\"content\":\"  \"}]'                | messages must hold a user message",
    })
    void namesTheFirstBadField(String json, String message) {
        Object messages = json.startsWith("[") ? new JsonArray(json) : json;

        assertThatThrownBy(() -> ConversationFrame.parse(messages))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }
}
