package io.warmpool.bot.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SseLineTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}|Hi|false",
            "data:{\"choices\":[{\"delta\":{\"content\":\" there\"}}]}|' there'|false",
            "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}||false",
            "data: {\"choices\":[]}||false",
            "data: [DONE]||true",
            ": keep-alive||false",
            "event: message||false",
            "''||false"})
    void readsTokensAndTheEnd(String line, String token, boolean done) {
        SseLine parsed = SseLine.parse(line);
        assertThat(parsed.token()).isEqualTo(token == null ? "" : token);
        assertThat(parsed.done()).isEqualTo(done);
    }

    @ParameterizedTest
    @ValueSource(strings = {"data: {not json", "data: [1,2]", "data: {\"choices\":[\"x\"]}"})
    void refusesDataThatIsNotAChunk(String line) {
        assertThatThrownBy(() -> SseLine.parse(line)).isInstanceOf(IllegalArgumentException.class);
    }
}
