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
    private static class Scripted implements Provisioner {
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

    /** A label-method runtime whose relabels and resizes fail as scripted (a String: an error, a Conflict: a race, anything else: done). */
    private static final class ScriptedWarming extends Scripted implements SelfWarmingProvisioner {
        final Deque<Object> assigns = new ArrayDeque<>();
        final Deque<Object> resizes = new ArrayDeque<>();

        @Override
        public void resize(String pool, int target, long at) throws ProvisioningException {
            fail(resizes.pop());
        }

        @Override
        public void settle(String pool, int target, long at) {
        }

        @Override
        public void assigned(String pool, String botId, String sessionId) throws ProvisioningException {
            fail(assigns.pop());
        }

        @Override
        public void sessionEnded(String pool, String botId, String sessionId) {
        }

        private static void fail(Object outcome) throws ProvisioningException {
            if (outcome instanceof String why) {
                throw new ProvisioningException(why);
            }
            if (outcome instanceof Conflict conflict) {
                throw new ProvisioningConflict(conflict.why());
            }
        }
    }

    private record Conflict(String why) {
    }

    @Test
    void aFailedRelabelIsAProblemUntilARelabelSucceedsAndARaceIsNone() throws Exception {
        ScriptedWarming runtime = new ScriptedWarming();
        runtime.assigns.addAll(List.of("forbidden: update pods", new Conflict("conflict: pod taken"), true));
        runtime.resizes.add(true);
        MonitoredProvisioner p = new MonitoredProvisioner(runtime);
        SelfWarmingProvisioner warm = p.selfWarming().orElseThrow();

        assertThatThrownBy(() -> warm.assigned("default", "bot-a", "s-1")).hasMessage("forbidden: update pods");
        assertThat(p.problem()).contains("forbidden: update pods");
        warm.resize("default", 3, 1);
        assertThat(p.problem()).as("a resize that works says nothing about relabels").contains("forbidden: update pods");
        assertThatThrownBy(() -> warm.assigned("default", "bot-b", "s-2")).isInstanceOf(ProvisioningConflict.class);
        assertThat(p.problem()).as("a lost race neither raises nor clears").contains("forbidden: update pods");
        warm.assigned("default", "bot-c", "s-3");
        assertThat(p.problem()).isEmpty();
    }

    @Test
    void aFailedResizeIsReportedBeforeAFailedListingAndClearedByTheNextResize() throws Exception {
        ScriptedWarming runtime = new ScriptedWarming();
        runtime.lists.add("API unreachable");
        runtime.resizes.addAll(List.of("namespace missing: bots", true));
        MonitoredProvisioner p = new MonitoredProvisioner(runtime);
        SelfWarmingProvisioner warm = p.selfWarming().orElseThrow();

        assertThat(warm.list()).as("listed through the monitor").isEmpty();
        assertThatThrownBy(() -> warm.resize("default", 3, 1)).hasMessage("namespace missing: bots");
        assertThat(p.problem()).contains("namespace missing: bots");
        warm.resize("default", 3, 2);
        assertThat(p.problem()).as("the listing's own failure still stands").contains("API unreachable");
    }
}
