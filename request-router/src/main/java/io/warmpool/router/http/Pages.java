package io.warmpool.router.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/** The chat page ({@code /}) and the live pool view ({@code /pools}): plain files from the jar's {@code webroot}. */
public final class Pages {
    private Pages() {
    }

    /** uPlot, the charts of {@code /pools}, from its WebJar: the pages work offline, no CDN. */
    static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist";

    /** Mount last: it answers every path no other route took. */
    public static Router mount(Router router) {
        router.get("/pools").handler(ctx -> ctx.reroute("/pools.html"));
        router.route("/vendor/uplot/*").handler(StaticHandler.create(UPLOT));
        router.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));
        return router;
    }
}
