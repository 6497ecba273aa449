package io.warmpool.router.openai;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.warmpool.router.routing.ClientAuth;
import io.warmpool.router.routing.RoutingServices;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The router's OpenAI-compatible HTTP API under {@code /v1}: chat completions served by the pools' warm
 * bots, and the pools listed as models. Bodies are read up to the WebSocket's message limit; a larger
 * one is refused with 413 before it is read.
 */
public final class OpenAiApi {
    private OpenAiApi() {
    }

    /** @param pools the pools this router knows of (from {@code pool.status}), listed as models */
    public static Router mount(Router router, RoutingServices services, ClientAuth auth, Supplier<Set<String>> pools) {
        CompletionsEndpoint completions = new CompletionsEndpoint(services, auth);
        router.post("/v1/chat/completions")
                .handler(BodyHandler.create(false).setBodyLimit(services.limits().maxMessageBytes()))
                .handler(completions::complete)
                .failureHandler(ctx -> {
                    if (ctx.statusCode() == 413) {
                        completions.tooLarge(ctx);
                    } else {
                        ctx.next();
                    }
                });
        router.get("/v1/models").handler(ctx -> completions.admitted(ctx, () -> models(ctx, pools.get())));
        return router;
    }

    private static void models(RoutingContext ctx, Set<String> pools) {
        JsonArray data = new JsonArray();
        pools.stream().sorted().forEach(pool -> data.add(new JsonObject().put("id", pool).put("object", "model")
                .put("created", 0).put("owned_by", "warmpool")));
        ctx.response().putHeader("content-type", "application/json")
                .end(new JsonObject().put("object", "list").put("data", data).encode());
    }
}
