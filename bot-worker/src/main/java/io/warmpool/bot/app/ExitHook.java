package io.warmpool.bot.app;

/**
 * What happens once the bot has published EXITING and closed its server: {@link BotMain} ends the JVM
 * with the status, an embedding test undeploys the verticle. Called at most once, on the bot's event loop.
 */
@FunctionalInterface
public interface ExitHook {
    /** @param status 0 after a retire or a drain, 1 when the bot could not warm up */
    void exited(int status);
}
