package io.warmpool.router.app;

import io.vertx.core.Vertx;
import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;

/** {@code java -jar warmpool-request-router.jar}: reads the environment and deploys one router. */
public final class RouterMain {
    private static final Logger LOG = LoggerFactory.getLogger(RouterMain.class);

    private RouterMain() {
    }

    public static void main(String[] args) {
        RouterConfig config;
        try {
            config = RouterConfig.from(Env.system());
        } catch (ConfigException e) {
            System.err.println("request-router: " + e.getMessage());
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(new RouterVerticle(config, Clock.systemUTC())).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("request-router failed to start", ar.cause());
                vertx.close().onComplete(x -> new Thread(() -> System.exit(1), "router-exit").start());
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
    }
}
