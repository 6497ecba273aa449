import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Time to first token on one warm pool, through the router's two front doors, one session at a time
 * and alternating: the WebSocket (open /chat, wait for assigned, send the message, first token frame)
 * and the OpenAI-compatible HTTP API (POST /v1/chat/completions with stream:true, first chunk with
 * text). Both clocks start before the connection opens and include getting a bot; the WebSocket's
 * {@code assigned} frame and the HTTP response head (written once the bot is claimed) split them. JDK only:
 * {@code java infra/bench/probe/FirstToken.java http://localhost:PORT ROUNDS [POOL]}.
 */
public final class FirstToken {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String MESSAGE = "I feel tired of my job.";

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int rounds = Integer.parseInt(args[1]);
        String pool = args.length > 2 ? args[2] : "default";
        List<Double> ws = new ArrayList<>();
        List<Double> wsAssigned = new ArrayList<>();
        List<Double> http = new ArrayList<>();
        List<Double> httpHeaders = new ArrayList<>();
        for (int i = 0; i < rounds + 3; i++) {
            double[] viaWs = webSocket(base, pool);
            Thread.sleep(300); // both paths start on a settled pool: the last session's end is processed
            double[] viaHttp = httpStream(base, pool);
            if (i >= 3) { // the first rounds warm the JIT of both sides
                ws.add(viaWs[1]);
                wsAssigned.add(viaWs[0]);
                httpHeaders.add(viaHttp[0]);
                http.add(viaHttp[1]);
            }
            Thread.sleep(300);
        }
        System.out.printf("rounds %d, pool %s, times in ms from connect to first token%n", rounds, pool);
        System.out.println("path          p50     p90     max");
        print("websocket", ws);
        print("  (assigned)", wsAssigned);
        print("http (SSE)", http);
        print("  (headers)", httpHeaders);
    }

    /** {ms to assigned, ms to first token}. */
    private static double[] webSocket(String base, String pool) throws Exception {
        long start = System.nanoTime();
        CompletableFuture<Double> assigned = new CompletableFuture<>();
        CompletableFuture<Double> firstToken = new CompletableFuture<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        WebSocket socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/chat?pool=" + pool), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            String frame = text.toString();
                            text.setLength(0);
                            if (frame.contains("\"type\":\"assigned\"")) {
                                assigned.complete(ms(start));
                                webSocket.sendText("{\"type\":\"message\",\"text\":\"" + MESSAGE + "\"}", true);
                            } else if (frame.contains("\"type\":\"token\"")) {
                                firstToken.complete(ms(start));
                            } else if (frame.contains("\"type\":\"rejected\"")) {
                                assigned.completeExceptionally(new IllegalStateException(frame));
                            }
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(null);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        double[] times = {assigned.get(30, TimeUnit.SECONDS), firstToken.get(30, TimeUnit.SECONDS)};
        // The router ends the session and closes: the bot is free before the next round.
        socket.sendText("{\"type\":\"end\"}", true).get(10, TimeUnit.SECONDS);
        closed.get(10, TimeUnit.SECONDS);
        return times;
    }

    /** {ms to the response head, written when the bot is claimed; ms to the first chunk with text}. */
    private static double[] httpStream(String base, String pool) throws Exception {
        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + pool + "\",\"stream\":true,\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"" + MESSAGE + "\"}]}"))
                .build();
        HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
        double head = ms(start);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        double first = -1;
        for (String line : (Iterable<String>) response.body()::iterator) {
            if (first < 0 && line.startsWith("data: {") && !line.contains("\"content\":\"\"")
                    && line.contains("\"content\":")) {
                first = ms(start);
            }
        }
        return new double[] {head, first};
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static void print(String path, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.printf("%-12s %7.2f %7.2f %7.2f%n", path, at(sorted, 0.5), at(sorted, 0.9), sorted.get(sorted.size() - 1));
    }

    private static double at(List<Double> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1))));
    }
}
