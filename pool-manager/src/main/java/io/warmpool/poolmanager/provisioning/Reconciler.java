package io.warmpool.poolmanager.provisioning;

import io.warmpool.poolmanager.liveness.Liveness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares what runs with what heartbeats (invariant 6: no bot outlives its usefulness). Pure: the
 * runtime's list, the last heartbeat time of each bot and the evidence that the heartbeats flow go
 * in, actions come out.
 *
 * <ul>
 *   <li>exited bots are reaped;</li>
 *   <li>a running bot never heard from within {@code spawnTimeout} of its start, or silent for
 *       longer than {@code silenceTimeout} since its last heartbeat, is stopped. Both count only
 *       time during which the input was shown to flow (other bots heard, or {@code pool.status}
 *       read; see {@link Liveness}): a stall of the broker or of this process stops no bot;</li>
 *   <li>a running bot not started by this provisioner (an earlier run's) that heartbeats is
 *       adopted. Silence is counted from the provisioner's own start at the earliest, so bots of a
 *       crashed run get a fair chance to be heard before they are judged.</li>
 * </ul>
 */
public record Reconciler(Duration spawnTimeout, Duration silenceTimeout) {

    public List<ReconcileAction> plan(List<ManagedBot> running, Map<String, Long> lastHeartbeat, Liveness input,
                                      Set<String> ours, Set<String> spawning, long provisionerStartedAt) {
        List<ReconcileAction> actions = new ArrayList<>();
        for (ManagedBot bot : running) {
            if (spawning.contains(bot.botId())) {
                continue;
            }
            Long heard = lastHeartbeat.get(bot.botId());
            if (!bot.running()) {
                actions.add(new ReconcileAction.Reap(bot.botId(), "exited"));
            } else if (heard == null) {
                long since = Math.max(bot.startedAt(), provisionerStartedAt);
                if (input.silence(since) > spawnTimeout.toMillis()) {
                    actions.add(new ReconcileAction.Stop(bot.botId(),
                            "no heartbeat within the spawn timeout of " + spawnTimeout.toMillis() + " ms"));
                }
            } else if (input.silence(heard) > silenceTimeout.toMillis()) {
                actions.add(new ReconcileAction.Stop(bot.botId(), "silent for " + input.silence(heard)
                        + " ms while other bots were heard"));
            } else if (!ours.contains(bot.botId())) {
                actions.add(new ReconcileAction.Adopt(bot.botId(), "managed, alive and heartbeating"));
            }
        }
        return actions;
    }
}
