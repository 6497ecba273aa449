package io.warmpool.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogBudgetTest {
    private final List<Long> told = new ArrayList<>();

    @Test
    void theFirstLinesOfAWindowAreWrittenTheRestCountedAndToldOnceItIsOver() {
        LogBudget budget = new LogBudget(3, 10_000);
        List<Boolean> written = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            written.add(budget.take(5_000 + i, told::add));
        }

        assertThat(written.subList(0, 3)).containsOnly(true);
        assertThat(written.subList(3, 1_000)).containsOnly(false);
        assertThat(told).as("nothing told while the window lasts").isEmpty();
        budget.close(14_999, told::add);
        assertThat(told).isEmpty();
        budget.close(15_000, told::add);
        assertThat(told).containsExactly(997L);
        assertThat(budget.take(15_001, told::add)).as("a new window writes again").isTrue();
    }

    @Test
    void aQuietWindowTellsNothingAndALateLineOpensAFreshOne() {
        LogBudget budget = new LogBudget(2, 1_000);
        assertThat(budget.take(0, told::add)).isTrue();
        budget.close(5_000, told::add);
        assertThat(budget.take(60_000, told::add)).isTrue();
        assertThat(budget.take(60_001, told::add)).isTrue();
        assertThat(budget.take(60_002, told::add)).isFalse();
        assertThat(budget.take(61_000, told::add)).as("the window over: told, and this one written").isTrue();
        assertThat(told).containsExactly(1L);
    }
}
