package io.warmpool.router.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import io.warmpool.router.openai.ChatRequest.ChatMessage;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatRequestTest {
    private static final String HELLO = "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]";

    @Test
    void readsWhatOpenAiClientsSendAndIgnoresUnknownFields() {
        ChatRequest request = ChatRequest.parse(new JsonObject("{\"model\":\"fast\",\"stream\":true,\"max_tokens\":5,"
                + "\"temperature\":0.2,\"user\":\"u-1\",\"n\":1,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"developer\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hel\"},{\"type\":\"text\",\"text\":\"lo\"}]},"
                + "{\"role\":\"assistant\",\"content\":null},{\"role\":\"user\",\"content\":\"I feel fine\"}]}"));

        assertThat(request.pool()).isEqualTo("fast");
        assertThat(request.stream()).isTrue();
        assertThat(request.maxTokens()).contains(5);
        assertThat(request.messages()).containsExactly(new ChatMessage("system", "Be brief."),
                new ChatMessage("user", "Hello"), new ChatMessage("assistant", ""), new ChatMessage("user", "I feel fine"));
        assertThat(request.conversationFrame().encode()).isEqualTo("{\"type\":\"conversation\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hello\"},"
                + "{\"role\":\"assistant\",\"content\":\"\"},{\"role\":\"user\",\"content\":\"I feel fine\"}]}");
    }

    @Test
    void streamIsOffAndTokensUnboundedByDefault() {
        ChatRequest request = ChatRequest.parse(new JsonObject("{\"model\":\"default\"," + HELLO + "}"));

        assertThat(request.stream()).isFalse();
        assertThat(request.maxTokens()).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{" + HELLO + "}                                               | model",
        "{\"model\":\"\"," + HELLO + "}                                | model",
        "{\"model\":7," + HELLO + "}                                   | model",
        "{\"model\":\"default\"}                                       | messages",
        "{\"model\":\"default\",\"messages\":[]}                       | messages",
        "{\"model\":\"default\",\"messages\":[\"hi\"]}                 | messages[0]",
        "{\"model\":\"default\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}   | messages[0].role",
        "{\"model\":\"default\",\"messages\":[{\"role\":\"user\"}]}    | messages[0].content",
        "{\"model\":\"default\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]} | messages[0].content[0]",
        "{\"model\":\"default\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]} | messages",
        "{\"model\":\"default\",\"stream\":\"yes\"," + HELLO + "}      | stream",
        "{\"model\":\"default\",\"n\":2," + HELLO + "}                 | n",
        "{\"model\":\"default\",\"temperature\":3," + HELLO + "}       | temperature",
        "{\"model\":\"default\",\"user\":5," + HELLO + "}              | user",
        "{\"model\":\"default\",\"max_tokens\":0," + HELLO + "}        | max_tokens",
        "{\"model\":\"default\",\"max_completion_tokens\":1.5," + HELLO + "} | max_completion_tokens",
    })
    void aBadBodyNamesTheField(String body, String param) {
        assertThatThrownBy(() -> ChatRequest.parse(new JsonObject(body)))
                .isInstanceOfSatisfying(ChatRequest.InvalidRequest.class, e -> {
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.getMessage()).contains(param.replaceAll("\\[.*", ""));
                });
    }
}
