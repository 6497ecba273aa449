package io.warmpool.router.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.warmpool.events.RejectReason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiErrorTest {
    @ParameterizedTest
    @CsvSource({
        "unknown_pool,   404, invalid_request_error, model_not_found, false",
        "unauthorized,   401, invalid_request_error, invalid_api_key, false",
        "overloaded,     503, server_error,          overloaded,      true",
        "pool_exhausted, 503, server_error,          pool_exhausted,  true",
        "timeout,        503, server_error,          timeout,         true",
    })
    void everyRejectionHasItsStatusAndCode(String reason, int status, String type, String code, boolean retry) {
        OpenAiError error = OpenAiError.rejected(RejectReason.of(reason), "fast");

        assertThat(error.status()).isEqualTo(status);
        assertThat(error.retryAfter().isPresent()).isEqualTo(retry);
        assertThat(error.json().getJsonObject("error").getString("type")).isEqualTo(type);
        assertThat(error.json().getJsonObject("error").getString("code")).isEqualTo(code);
        assertThat(error.json().getJsonObject("error").getString("message")).isNotBlank();
    }
}
