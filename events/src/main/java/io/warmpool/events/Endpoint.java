package io.warmpool.events;

/** Where a bot's chat WebSocket listens. Only routers use it; clients never see it. */
public record Endpoint(String host, int port) {
    public Endpoint {
        Require.text("endpoint.host", host);
        if (port < 1 || port > 65535) {
            throw new InvalidFieldException("endpoint.port", "must be in 1..65535 but was " + port);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
