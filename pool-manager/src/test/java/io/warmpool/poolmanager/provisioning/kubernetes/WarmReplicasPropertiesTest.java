package io.warmpool.poolmanager.provisioning.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The label method's sizing rules, over any pool and any sequence of deficits and assignments. */
class WarmReplicasPropertiesTest {

    @Provide
    Arbitrary<WarmReplicas> pools() {
        return Combinators.combine(Arbitraries.integers().between(0, 10), Arbitraries.integers().between(1, 30))
                .filter((min, max) -> min <= max).as(WarmReplicas::new);
    }

    @Property
    void aDeficitNeverLowersTheReplicasNorPassesMaxBots(@ForAll("pools") WarmReplicas sizing,
                                                        @ForAll @IntRange(max = 40) int current,
                                                        @ForAll @IntRange(max = 60) int target,
                                                        @ForAll @IntRange(max = 40) int relabelled) {
        int next = sizing.afterDeficit(current, target, relabelled);
        assertThat(next).isGreaterThanOrEqualTo(current);
        if (next > current) {
            assertThat(next + relabelled).isLessThanOrEqualTo(sizing.maxBots());
            assertThat(next).isLessThanOrEqualTo(target);
        }
    }

    @Property
    void aStatusNeverRaisesTheReplicasAndLeavesNoMoreThanItsTarget(@ForAll("pools") WarmReplicas sizing,
                                                                    @ForAll @IntRange(max = 40) int current,
                                                                    @ForAll @IntRange(max = 60) int target,
                                                                    @ForAll @IntRange(max = 40) int relabelled) {
        int next = sizing.afterStatus(current, target, relabelled);
        assertThat(next).isLessThanOrEqualTo(current).isLessThanOrEqualTo(target).isNotNegative();
        if (current <= Math.min(target, sizing.maxBots() - relabelled)) {
            assertThat(next).as("nothing to let go").isEqualTo(current);
        }
    }

    @Property
    void assignmentsReturnABurstToMinReadyAndNeverBelow(@ForAll("pools") WarmReplicas sizing,
                                                        @ForAll @IntRange(max = 30) int queued) {
        int replicas = sizing.afterDeficit(sizing.initial(0), sizing.minReady() + queued, 0);
        for (int served = 0; served < queued + 5; served++) {
            int next = sizing.afterAssignment(replicas);
            assertThat(next).isGreaterThanOrEqualTo(Math.min(replicas, sizing.minReady()));
            replicas = next;
        }
        assertThat(replicas).isEqualTo(sizing.minReady());
    }

    @Property
    void aNewDeploymentStartsAtMinReadyWithinTheRoomLeft(@ForAll("pools") WarmReplicas sizing,
                                                         @ForAll @IntRange(max = 40) int relabelled) {
        int initial = sizing.initial(relabelled);
        assertThat(initial).isBetween(0, sizing.minReady());
        assertThat(initial + Math.min(relabelled, sizing.maxBots())).isLessThanOrEqualTo(sizing.maxBots());
    }

    @Test
    void aRelabelIsDecidedByTheAssignedLabel() {
        long claim = 10_000;
        assertThat(Relabel.decide(BotLabels.NOT_ASSIGNED, null, "s1", 50_000, claim)).isInstanceOf(Relabel.Take.class);
        assertThat(Relabel.decide("s1", 49_000L, "s1", 50_000, claim)).isInstanceOf(Relabel.AlreadyDone.class);
        assertThat(Relabel.decide("s2", 45_000L, "s1", 50_000, claim)).as("another session's, a moment ago")
                .isEqualTo(new Relabel.TakenBy("s2"));
        assertThat(Relabel.decide("s2", null, "s1", 50_000, claim)).isEqualTo(new Relabel.TakenBy("s2"));
        assertThat(Relabel.decide("s2", 40_000L, "s1", 50_000, claim)).as("given up by the allocator since")
                .isInstanceOf(Relabel.Take.class);
        assertThat(Relabel.decide(null, 0L, "s1", 50_000, claim)).as("not a warm pod").isEqualTo(new Relabel.TakenBy(null));
    }

    @Test
    void poolNamesBecomeDeploymentNamesAndSessionIdsLabelValues() {
        assertThat(BotLabels.deploymentName("Big_Pool.v2")).isEqualTo("warmpool-bot-big-pool-v2");
        assertThat(BotLabels.assignedValue("3f2a-77")).isEqualTo("3f2a-77");
        assertThat(BotLabels.assignedValue("router-1:42")).startsWith("s-").hasSize(42)
                .isEqualTo(BotLabels.assignedValue("router-1:42")).isNotEqualTo(BotLabels.assignedValue("router-1:43"));
        assertThat(BotLabels.assignedValue("x".repeat(64))).startsWith("s-");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BotLabels.labelValue("pool", "a:b"))
                .hasMessageContaining("pool 'a:b' cannot be a Kubernetes label value");
    }
}
