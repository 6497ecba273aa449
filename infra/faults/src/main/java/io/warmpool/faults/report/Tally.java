package io.warmpool.faults.report;

import io.warmpool.bench.load.SessionResult;
import io.warmpool.faults.load.Load;
import io.warmpool.faults.load.LongChat;
import io.warmpool.faults.scenario.Check;
import io.warmpool.faults.scenario.Fault;
import io.warmpool.faults.stack.Stack;
import io.warmpool.faults.stack.Recorder;
import io.warmpool.events.BotState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scenario's figures, counted from the clients and the topics, never from the services' own
 * counters. Times are epoch milliseconds on this machine's one clock.
 *
 * @param noOutcome         sessions (short and long) that got neither assigned, rejected nor a close in time
 * @param stuck             sessions assigned but never over in time
 * @param chatsEndedBySystem long chats alive at the fault's start that the system ended, minus the excused
 * @param chatsExcused      of those, the ones the scenario may end (their bot killed, their router killed)
 * @param doubleByBeats     bots whose BUSY heartbeats interleave two sessions
 * @param doubleByClients   bots that two clients held at once
 * @param toAssignedMs      from the fault's end to the first session assigned after it (-1: none)
 * @param toMinReadyMs      from the fault's end to the first pool.status with minReady READY (-1: none)
 */
public record Tally(String scenario, String fault, int offered, int assigned, Map<String, Integer> rejected,
                    int closedUnanswered, int refused, int noOutcome, int stuck, int chatsAlive,
                    int chatsEndedBySystem, int chatsExcused, List<String> chatEnds, int doubleByBeats,
                    int doubleByClients, long toAssignedMs, long recoveryBound, long toMinReadyMs, int dlq,
                    int botsLeft, List<String> crashed, List<String> hung, List<Check> checks, List<String> notes,
                    String loadAverage) {

    public static Tally of(String scenario, String faultText, Fault fault, Load.Seen seen, Recorder recorder,
                           Stack.Stopped stopped, int minReady, List<Check> checks, String loadAverage) {
        List<SessionResult> sessions = seen.sessions();
        Map<String, Integer> rejected = new TreeMap<>();
        int assigned = 0;
        int closed = 0;
        int refused = 0;
        int silent = 0;
        int stuck = 0;
        for (SessionResult s : sessions) {
            switch (answer(s)) {
                case ASSIGNED -> {
                    assigned++;
                    if (SessionResult.TIMED_OUT.equals(s.detail())) {
                        stuck++;
                    }
                }
                case REJECTED -> rejected.merge(s.detail(), 1, Integer::sum);
                case REFUSED -> refused++;
                case CLOSED -> closed++;
                case NONE -> silent++; // timed out unanswered, or still open when the run stopped waiting
            }
        }
        List<LongChat> chats = seen.chats();
        stuck += (int) chats.stream().filter(c -> LongChat.NO_ENDED.equals(c.endedHow())).count();
        List<LongChat> alive = chats.stream().filter(c -> c.aliveAt(fault.start())).toList();
        List<LongChat> ended = alive.stream().filter(LongChat::endedBySystem).toList();
        int excused = (int) ended.stream()
                .filter(c -> !fault.chatsMustSurvive() || fault.killedBots().contains(c.botId())).count();
        List<String> chatEnds = ended.stream().map(c -> c.endedHow() + " at fault+"
                + (c.endedAt() - fault.start()) + " ms").toList();

        List<Recorder.Status> statuses = recorder.statuses();
        long toMinReady = statuses.stream().filter(s -> s.at() >= fault.end() && s.ready() >= minReady)
                .mapToLong(s -> s.at() - fault.end()).min().orElse(-1);
        long toAssigned = sessions.stream().filter(s -> s.assignedAt() >= fault.end())
                .mapToLong(s -> s.assignedAt() - fault.end()).min().orElse(-1);
        return new Tally(scenario, faultText, sessions.size(), assigned, rejected, closed, refused, silent, stuck,
                alive.size(), ended.size() - excused, excused, chatEnds, doubleByBeats(recorder.beats()),
                doubleByClients(sessions, chats), toAssigned, fault.recoveryBound(), toMinReady,
                recorder.deadLettered().size(), stopped.botsLeft(), stopped.crashed(), stopped.hung(), checks,
                notes(fault, sessions, chats, statuses), loadAverage);
    }

    private static List<String> notes(Fault fault, List<SessionResult> sessions, List<LongChat> chats,
                                      List<Recorder.Status> statuses) {
        List<String> notes = new ArrayList<>(fault.notes());
        notes.add(Timeline.of(fault, sessions, statuses));
        heldTwice(sessions, chats, fault.start()).forEach(n -> notes.add(n + " (from the fault's start)"));
        long unanswered = sessions.stream().filter(s -> s.detail().startsWith(SessionResult.NO_UPGRADE)).count();
        if (unanswered > 0) {
            notes.add(unanswered + " connection(s) accepted at the TCP level whose upgrade nobody answered (counted"
                    + " as refused: no router was there to take them)");
        }
        // What the clients without an outcome last saw, so that a miss says where to look.
        Map<String, Long> silent = new TreeMap<>();
        sessions.stream().filter(s -> answer(s) == Answer.NONE).forEach(s -> silent.merge(s.described().length() > 160
                ? s.described().substring(0, 160) + "..." : s.described(), 1L, Long::sum));
        silent.forEach((detail, n) -> notes.add(n + " session(s) without an outcome ended with: "
                + (detail.isEmpty() ? "(no detail)" : detail)));
        return notes;
    }

    /** What a client was answered: the one rule both the counts and the notes use. */
    enum Answer { ASSIGNED, REJECTED, REFUSED, CLOSED, NONE }

    static Answer answer(SessionResult s) {
        if (s.assigned()) {
            return Answer.ASSIGNED;
        } else if (s.outcome() == SessionResult.Outcome.REJECTED) {
            return Answer.REJECTED;
        } else if (s.detail().startsWith("connect:")) {
            return Answer.REFUSED;
        }
        return s.detail().equals(SessionResult.CLOSED_EARLY) ? Answer.CLOSED : Answer.NONE;
    }

    /** Bots whose BUSY heartbeats, in their own order, return to a session after naming another. */
    static int doubleByBeats(List<Recorder.Beat> beats) {
        Map<String, List<Recorder.Beat>> byBot = new HashMap<>();
        beats.stream().filter(b -> b.state() == BotState.BUSY && b.sessionId() != null)
                .forEach(b -> byBot.computeIfAbsent(b.botId(), k -> new ArrayList<>()).add(b));
        int bots = 0;
        for (List<Recorder.Beat> list : byBot.values()) {
            list.sort(Comparator.comparingLong(Recorder.Beat::seq));
            List<String> runs = new ArrayList<>();
            for (Recorder.Beat b : list) {
                if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(b.sessionId())) {
                    runs.add(b.sessionId());
                }
            }
            if (runs.stream().distinct().count() < runs.size()) {
                bots++;
            }
        }
        return bots;
    }

    /** Bots named in two clients' {@code assigned} frames for overlapping spans (assigned to over). */
    static int doubleByClients(List<SessionResult> sessions, List<LongChat> chats) {
        return heldTwice(sessions, chats, 0).size();
    }

    /**
     * Each bot two clients held at once, with the first such pair of spans in milliseconds from {@code t0}:
     * what the one who reads a miss needs to find the sessions in the services' logs.
     */
    static List<String> heldTwice(List<SessionResult> sessions, List<LongChat> chats, long t0) {
        record Span(String bot, String who, long from, long to) {
        }
        List<Span> spans = new ArrayList<>();
        sessions.stream().filter(s -> s.assigned() && s.botId() != null)
                .forEach(s -> spans.add(new Span(s.botId(), "short session", s.assignedAt(), s.heldUntil())));
        chats.stream().filter(c -> c.assignedAt() >= 0 && c.botId() != null)
                .forEach(c -> spans.add(new Span(c.botId(), "long chat (" + c.replies() + " replies, "
                        + (c.endedHow() == null ? "going on" : c.endedHow()) + ")", c.assignedAt(),
                        c.endedAt() < 0 ? Long.MAX_VALUE : c.endedAt())));
        Map<String, List<Span>> byBot = new TreeMap<>();
        spans.forEach(s -> byBot.computeIfAbsent(s.bot(), k -> new ArrayList<>()).add(s));
        List<String> twice = new ArrayList<>();
        for (List<Span> list : byBot.values()) {
            list.sort(Comparator.comparingLong(Span::from));
            Span holder = null;
            for (Span s : list) {
                if (holder != null && s.from() < holder.to()) {
                    twice.add(String.format("bot %s held by two clients: a %s from +%d ms to %s, a %s from +%d ms to +%d"
                                    + " ms", s.bot(), holder.who(), holder.from() - t0,
                            holder.to() == Long.MAX_VALUE ? "the end" : "+" + (holder.to() - t0) + " ms", s.who(),
                            s.from() - t0, s.to() - t0));
                    break;
                }
                if (holder == null || s.to() > holder.to()) {
                    holder = s;
                }
            }
        }
        return twice;
    }

    /** The zero targets that do not depend on timing: what {@code --quick} asserts. */
    public List<String> zeroTargetMisses() {
        List<String> misses = new ArrayList<>();
        if (noOutcome > 0) {
            misses.add(noOutcome + " sessions without any outcome");
        }
        if (doubleByBeats > 0 || doubleByClients > 0) {
            misses.add("double-served bots: " + doubleByBeats + " by heartbeats, " + doubleByClients + " by clients");
        }
        if (botsLeft > 0) {
            misses.add(botsLeft + " bot processes left");
        }
        if (!crashed.isEmpty()) {
            misses.add("crashed: " + crashed);
        }
        return misses;
    }

    /** Every target of the scenario, the timing ones included: what the full run's verdict column says. */
    public List<String> misses() {
        List<String> misses = new ArrayList<>(zeroTargetMisses());
        if (chatsEndedBySystem > 0) {
            misses.add(chatsEndedBySystem + " long chats ended by the system");
        }
        if (toAssignedMs < 0 || toAssignedMs > recoveryBound) {
            misses.add("serving again " + (toAssignedMs < 0 ? "never" : toAssignedMs + " ms") + " > "
                    + recoveryBound + " ms");
        }
        checks.stream().filter(c -> !c.met()).forEach(c -> misses.add(c.what() + ": " + c.value()));
        return misses;
    }
}
