package io.warmpool.poolmanager.pool;

import io.warmpool.poolmanager.liveness.Liveness;

/**
 * The pool's liveness rule for one bot at a tick. A bot silent for {@code silenceBeforeLost} while
 * the pool's input flowed (see {@link Liveness}) is LOST: no longer capacity, replaced, but kept so
 * that its next heartbeat readmits it. A LOST bot silent for {@code forgetAfter} more is forgotten;
 * should it ever speak again it comes back as a bot first heard then. A bot known only from
 * heartbeats replayed after a takeover is forgotten instead of lost: old dates are no evidence.
 */
final class BotLiveness {
    enum Verdict { KEEP, LOSE, FORGET }

    private final Liveness input;
    private final long silenceBeforeLost;
    private final long forgetAfter;

    BotLiveness(Liveness input, long silenceBeforeLost, long forgetAfter) {
        this.input = input;
        this.silenceBeforeLost = silenceBeforeLost;
        this.forgetAfter = forgetAfter;
    }

    Verdict judge(Bot bot) {
        long silence = input.silence(bot.heardAt());
        if (bot.status() == BotStatus.LOST) {
            return silence > silenceBeforeLost + forgetAfter ? Verdict.FORGET : Verdict.KEEP;
        }
        if (silence <= silenceBeforeLost) {
            return Verdict.KEEP;
        }
        return bot.confirmed() ? Verdict.LOSE : Verdict.FORGET;
    }
}
