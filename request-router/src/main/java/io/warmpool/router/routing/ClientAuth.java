package io.warmpool.router.routing;

import io.vertx.core.Future;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Who may open a chat session: anyone, a holder of one of the API keys, or a bearer of a valid JWT. */
@FunctionalInterface
public interface ClientAuth {
    /** Succeeds when the token (from {@code Authorization: Bearer} or {@code ?token=}) is accepted. */
    Future<Void> check(Optional<String> token);

    static ClientAuth open() {
        return token -> Future.succeededFuture();
    }

    static ClientAuth apiKeys(Set<String> keys) {
        List<byte[]> accepted = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        return token -> {
            byte[] given = token.orElse("").getBytes(StandardCharsets.UTF_8);
            boolean ok = false;
            for (byte[] key : accepted) {
                // Every key is compared, in constant time, so timing does not tell which one was close.
                ok |= MessageDigest.isEqual(key, given);
            }
            return ok ? Future.succeededFuture() : Future.failedFuture("unknown API key");
        };
    }

    static ClientAuth jwt(JWTAuth jwt) {
        return token -> token.map(t -> jwt.authenticate(new TokenCredentials(t)).<Void>mapEmpty())
                .orElseGet(() -> Future.failedFuture("no token"));
    }
}
