package io.warmpool.poolmanager.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitoredProvisionerTest {
    private static final BotSpec SPEC = new BotSpec("default-1", "default", "p-1", Map.of());
    private static final ManagedBot BOT = new ManagedBot("default-1", "default", "p-1", true, 0);

    /** Answers each call with the next scripted outcome: a value, or a ProvisioningException when it is a String. */
    private static final class Scripted implements Provisioner {
        final Deque<Object> lists = new ArrayDeque<>();
        final Deque<Object> spawns = new ArrayDeque<>();

        @Override
        public String kind() {
            return "scripted";
        }

        @Override
        public ManagedBot spawn(BotSpec spec) throws ProvisioningException {
            Object next = spawns.pop();
            if (next instanceof String why) {
                throw new ProvisioningException(why);
            }
            return (ManagedBot) next;
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<ManagedBot> list() throws ProvisioningException {
            Object next = lists.pop();
            if (next instanceof String why) {
                throw new ProvisioningException(why);
            }
            return (List<ManagedBot>) next;
        }

        @Override
        public void stop(String botId, Duration grace) {
        }

        @Override
        public void remove(String botId) {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void anEngineUnreachableFromTheStartListsNothingAndSaysWhy() throws Exception {
        Scripted runtime = new Scripted();
        runtime.lists.add("engine unreachable");
        MonitoredProvisioner p = new MonitoredProvisioner(runtime);

        assertThat(p.list()).isEmpty();
        assertThat(p.problem()).contains("engine unreachable");
    }

    @Test
    void aListingFailureAfterASuccessPropagatesSoKnownBotsDoNotVanish() throws Exception {
        Scripted runtime = new Scripted();
        runtime.lists.addAll(List.of(List.of(BOT), "engine unreachable", List.of(BOT)));
        MonitoredProvisioner p = new MonitoredProvisioner(runtime);

        assertThat(p.list()).containsExactly(BOT);
        assertThat(p.problem()).isEmpty();
        assertThatThrownBy(p::list).hasMessage("engine unreachable");
        assertThat(p.problem()).contains("engine unreachable");
        assertThat(p.list()).containsExactly(BOT);
        assertThat(p.problem()).isEmpty();
    }

    @Test
    void aSpawnFailureStandsUntilASpawnSucceedsEvenIfTheEngineListsAgain() throws Exception {
        Scripted runtime = new Scripted();
        runtime.spawns.addAll(List.of("image missing", BOT));
        runtime.lists.add(List.of());
        MonitoredProvisioner p = new MonitoredProvisioner(runtime);

        assertThatThrownBy(() -> p.spawn(SPEC)).hasMessage("image missing");
        p.list();
        assertThat(p.problem()).as("the engine answers, the image is still missing").contains("image missing");
        assertThat(p.spawn(SPEC)).isEqualTo(BOT);
        assertThat(p.problem()).isEmpty();
    }
}
