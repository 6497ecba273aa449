package io.warmpool.bot.engine;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The built-in engine: {@link ElizaRules} with no external service, streamed a word at a time with a
 * pause between words, so that a reply takes time like a model's would (and can be in progress when
 * the bot is asked to stop).
 */
public final class RulesEngine implements ChatEngine {
    private final Vertx vertx;
    private final long tokenDelayMs;

    public RulesEngine(Vertx vertx, Duration tokenDelay) {
        this.vertx = vertx;
        this.tokenDelayMs = tokenDelay.toMillis();
    }

    @Override
    public Future<Void> warmUp() {
        return Future.succeededFuture();
    }

    @Override
    public Future<String> reply(Conversation conversation, Consumer<String> tokens) {
        String reply = ElizaRules.reply(conversation);
        Promise<String> done = Promise.promise();
        emit(words(reply), 0, tokens, () -> done.complete(reply));
        return done.future();
    }

    /** The reply's pieces: each word with the space that follows it, so that they join to the reply. */
    static List<String> words(String reply) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        for (int i = reply.indexOf(' '); i >= 0; i = reply.indexOf(' ', start)) {
            pieces.add(reply.substring(start, i + 1));
            start = i + 1;
        }
        pieces.add(reply.substring(start));
        return pieces;
    }

    private void emit(List<String> pieces, int next, Consumer<String> tokens, Runnable finished) {
        if (next == pieces.size()) {
            finished.run();
            return;
        }
        tokens.accept(pieces.get(next));
        Runnable rest = () -> emit(pieces, next + 1, tokens, finished);
        if (tokenDelayMs > 0 && next + 1 < pieces.size()) {
            vertx.setTimer(tokenDelayMs, id -> rest.run());
        } else {
            rest.run();
        }
    }
}
