package io.warmpool.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.junit5.VertxExtension;
import io.warmpool.router.app.RouterConfig;
import io.warmpool.router.app.RouterVerticle;
import io.warmpool.testkit.KafkaBroker;
import io.warmpool.testkit.WithKafka;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a router does with clients that misbehave or may not come in. No bot is needed: nothing gets that far. */
@WithKafka
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    private Stack stack;
    private RouterVerticle router;

    @BeforeAll
    void start(KafkaBroker broker, Vertx vertx) {
        stack = new Stack(broker, "bad-input-it.", vertx);
        router = stack.router(RouterConfig.MAX_MESSAGE_BYTES, "1024", RouterConfig.RATE_PER_SEC, "1",
                RouterConfig.RATE_BURST, "4");
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    @Test
    void badFramesGetAnErrorAndTheSessionGoesOn() {
        ChatClient chat = stack.chat(router, "/chat");
        chat.expect("queued");
        chat.send("this is not json");
        assertThat(chat.expect("error").getString("code")).isEqualTo("bad_json");
        chat.send("{\"type\":\"dance\"}");
        assertThat(chat.expect("error").getString("code")).isEqualTo("unknown_type");
        chat.say("anyone there?");
        assertThat(chat.expect("error").getString("code")).isEqualTo("not_assigned");
        assertThat(chat.isClosed()).isFalse();
        chat.end();
        assertThat(chat.expect("ended").getString("reason")).isEqualTo("client_end");
        assertThat(chat.awaitClose()).isEqualTo((short) 1000);
    }

    @Test
    void anOversizedFrameClosesWith1009() {
        ChatClient chat = stack.chat(router, "/chat");
        chat.expect("queued");
        chat.say("x".repeat(2_000));
        assertThat(chat.awaitClose()).isEqualTo((short) 1009);
    }

    @Test
    void withNoAllocatorAnsweringTheRoutersOwnDeadlineRejectsTheClient() {
        // No allocator runs in this class: only the router's timer can end the wait.
        RouterVerticle hasty = stack.router(RouterConfig.SESSION_DEADLINE_MS, "1500");
        ChatClient chat = ChatClient.open(stack.clients, hasty.port(), "/chat");
        chat.expect("queued");
        assertThat(chat.expect("rejected").getString("reason")).isEqualTo("timeout");
        assertThat(chat.awaitClose()).isEqualTo((short) 1013);
    }

    @Test
    void aFourMegabyteFrameStillGetsItsCloseCode1009() {
        WebSocketClient bigFrames = stack.vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(8 << 20).setMaxMessageSize(8 << 20));
        ChatClient chat = ChatClient.open(bigFrames, router.port(), "/chat");
        chat.expect("queued");
        chat.say("x".repeat(4 << 20)); // one frame: the client's frame cap is above it
        assertThat(chat.awaitClose()).isEqualTo((short) 1009);
    }

    @Test
    void aForeignOriginIsRefusedByDefaultWhileTheRoutersOwnAndNonBrowsersPass() {
        assertThatThrownBy(() -> ChatClient.open(stack.clients, router.port(), "/chat",
                Map.of("Origin", "https://evil.example")))
                .hasRootCauseInstanceOf(UpgradeRejectedException.class)
                .rootCause().satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(403));
        ChatClient.open(stack.clients, router.port(), "/chat", Map.of("Origin", "http://localhost:" + router.port()))
                .expect("queued");
        ChatClient.open(stack.clients, router.port(), "/chat").expect("queued");
        RouterVerticle open = stack.router(RouterConfig.ALLOWED_ORIGINS, "*");
        ChatClient.open(stack.clients, open.port(), "/chat", Map.of("Origin", "https://evil.example"))
                .expect("queued");
    }

    @Test
    void aFloodIsRateLimitedThenClosedWith1008() {
        ChatClient chat = stack.chat(router, "/chat");
        chat.expect("queued");
        for (int i = 0; i < 20; i++) {
            chat.send("{\"type\":\"ping\"}");
        }
        JsonObject frame = chat.next();
        while (!"rate_limited".equals(frame.getString("code"))) {
            assertThat(frame.getString("code")).isEqualTo("unknown_type");
            frame = chat.next();
        }
        assertThat(chat.awaitClose()).isEqualTo((short) 1008);
    }

    @Test
    void aMalformedPoolNameIsRejected() {
        ChatClient chat = stack.chat(router, "/chat?pool=no%20such%20pool!");
        assertThat(chat.expect("rejected").getString("reason")).isEqualTo("unknown_pool");
        assertThat(chat.awaitClose()).isEqualTo((short) 1008);
    }

    @Test
    void apiKeysAreRequiredWhenConfigured() {
        RouterVerticle guarded = stack.router(RouterConfig.API_KEYS, "k-one,k-two");
        expectUnauthorized(ChatClient.open(stack.clients, guarded.port(), "/chat"));
        expectUnauthorized(ChatClient.open(stack.clients, guarded.port(), "/chat?token=wrong"));
        expectUnauthorized(ChatClient.open(stack.clients, guarded.port(), "/chat",
                Map.of("Authorization", "Bearer k-three")));
        ChatClient.open(stack.clients, guarded.port(), "/chat", Map.of("Authorization", "Bearer k-two"))
                .expect("queued");
        ChatClient.open(stack.clients, guarded.port(), "/chat?token=k-one").expect("queued");
    }

    @Test
    void aJwtSignedWithTheConfiguredKeyIsAcceptedAndAnyOtherIsNot() throws Exception {
        KeyPair trusted = rsa();
        RouterVerticle guarded = stack.router(RouterConfig.JWT_PUBLIC_KEY, pem("PUBLIC KEY",
                trusted.getPublic().getEncoded()));
        String good = token(trusted);
        String forged = token(rsa());
        ChatClient.open(stack.clients, guarded.port(), "/chat?token=" + good).expect("queued");
        ChatClient.open(stack.clients, guarded.port(), "/chat", Map.of("Authorization", "Bearer " + good))
                .expect("queued");
        expectUnauthorized(ChatClient.open(stack.clients, guarded.port(), "/chat?token=" + forged));
        expectUnauthorized(ChatClient.open(stack.clients, guarded.port(), "/chat"));
    }

    @Test
    void aForeignOriginIsRefusedBeforeTheUpgrade() {
        RouterVerticle strict = stack.router(RouterConfig.ALLOWED_ORIGINS, "https://chat.example");
        assertThatThrownBy(() -> ChatClient.open(stack.clients, strict.port(), "/chat",
                Map.of("Origin", "https://evil.example")))
                .hasRootCauseInstanceOf(UpgradeRejectedException.class)
                .rootCause().satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(403));
        ChatClient.open(stack.clients, strict.port(), "/chat", Map.of("Origin", "https://chat.example"))
                .expect("queued");
        ChatClient.open(stack.clients, strict.port(), "/chat", Map.of("Origin", "http://localhost:" + strict.port()))
                .expect("queued");
    }

    @Test
    void beyondTheSessionCapClientsAreRejectedOverloaded() {
        RouterVerticle small = stack.router(RouterConfig.MAX_SESSIONS, "1");
        ChatClient first = ChatClient.open(stack.clients, small.port(), "/chat");
        first.expect("queued");
        ChatClient second = ChatClient.open(stack.clients, small.port(), "/chat");
        assertThat(second.expect("rejected").getString("reason")).isEqualTo("overloaded");
        assertThat(second.awaitClose()).isEqualTo((short) 1013);
    }

    private static void expectUnauthorized(ChatClient chat) {
        assertThat(chat.expect("rejected").getString("reason")).isEqualTo("unauthorized");
        assertThat(chat.awaitClose()).isEqualTo((short) 1008);
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private String token(KeyPair keys) {
        JWTAuth issuer = JWTAuth.create(stack.vertx, new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256")
                        .setBuffer(pem("PRIVATE KEY", keys.getPrivate().getEncoded())))
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256")
                        .setBuffer(pem("PUBLIC KEY", keys.getPublic().getEncoded()))));
        return issuer.generateToken(new JsonObject().put("sub", "alice"),
                new JWTOptions().setAlgorithm("RS256").setExpiresInMinutes(5));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
