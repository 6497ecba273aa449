package io.warmpool.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OpsRoutesIT {

    @Test
    void healthAndMetricsOverRealHttp(Vertx vertx) throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        OpsRoutes ops = new OpsRoutes(OpsRoutes.newRegistry(), () -> ready.get()
                ? Future.succeededFuture() : Future.failedFuture("consumer has no partitions yet"));
        ops.registry().counter("warmpool_test_total").increment();
        HttpServer server = vertx.createHttpServer().requestHandler(ops.mount(Router.router(vertx)))
                .listen(0).await(10, TimeUnit.SECONDS);
        WebClient client = WebClient.create(vertx);
        int port = server.actualPort();

        assertThat(get(client, port, "/health/live").statusCode()).isEqualTo(200);
        HttpResponse<Buffer> notReady = get(client, port, "/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.bodyAsJsonObject().getString("reason")).isEqualTo("consumer has no partitions yet");
        ready.set(true);
        assertThat(get(client, port, "/health/ready").statusCode()).isEqualTo(200);
        assertThat(get(client, port, "/metrics").bodyAsString()).contains("warmpool_test_total 1.0");
        client.close();
    }

    private static HttpResponse<Buffer> get(WebClient client, int port, String path) throws Exception {
        return client.get(port, "localhost", path).send().await(10, TimeUnit.SECONDS);
    }
}
