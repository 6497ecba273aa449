package io.warmpool.router.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientFrameTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"type":"message","text":"hello"}   | Message
            {"type":"end"}                      | End
            not json                            | bad_json
            [1,2]                               | bad_json
            42                                  | bad_json
            {"type":"message"}                  | empty_text
            {"type":"message","text":"  "}      | empty_text
            {"type":"message","text":7}         | empty_text
            {"type":"hello"}                    | unknown_type
            {"text":"no type"}                  | unknown_type
            {"type":null}                       | unknown_type
            """)
    void parsesEveryFrameIntoSomething(String raw, String expected) {
        ClientFrame frame = ClientFrame.parse(raw);
        String got = frame instanceof ClientFrame.Invalid i ? i.code() : frame.getClass().getSimpleName();
        assertThat(got).isEqualTo(expected);
    }
}
