package io.warmpool.bench;

import io.warmpool.bench.stack.ServiceJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar warmpool-bench.jar [--quick] [--only floor,users,warm,process,idle] [--out DIR]
 * [--repo DIR] [--profile DIR] [--service-jvm "OPTS"] [--warm-rates 20,50]} runs the scenarios once each and writes the
 * report and plot to DIR (default {@code docs}), the service jars taken from the checkout at
 * {@code --repo} (default the current folder), with {@code --profile} a JFR recording of each service
 * JVM written there, with {@code --service-jvm} these options on the services' command lines (as
 * {@code WARMPOOL_JAVA_OPTS} gives them to the launcher), with {@code --warm-rates} the users' pool's
 * warm rates in that order (the first is also the first 30 s's; a rate may come again);
 * {@code java -jar warmpool-bench.jar jmh [JMH options]} runs the JMH benchmarks of the pool instead.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        boolean quick = false;
        List<String> only = Harness.SCENARIOS;
        Path out = Path.of("docs");
        Path repo = Path.of(".");
        Optional<Path> profiles = Optional.empty();
        List<String> serviceJvm = List.of();
        String warmRates = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> only = List.of(args[++i].split(","));
                case "--repo" -> repo = Path.of(args[++i]);
                case "--profile" -> profiles = Optional.of(Files.createDirectories(Path.of(args[++i])));
                case "--service-jvm" -> serviceJvm = List.of(args[++i].trim().split("\\s+"));
                case "--warm-rates" -> warmRates = args[++i];
                default -> {
                    System.err.println("usage: java -jar warmpool-bench.jar [--quick] [--only "
                            + String.join(",", Harness.SCENARIOS) + "] [--out DIR] [--repo DIR] [--profile DIR]"
                            + " [--service-jvm \"OPTS\"] [--warm-rates 20,50] | jmh [JMH options]");
                    System.exit(2);
                }
            }
        }
        // The services log at INFO per session and per Kafka client; a benchmark wants its own lines only.
        for (String logger : List.of("defaultLogLevel", "log.io.warmpool")) {
            String key = "org.slf4j.simpleLogger." + logger;
            System.setProperty(key, System.getProperty(key, "warn"));
        }
        BenchOptions options = quick ? BenchOptions.quick(out) : BenchOptions.full(out);
        if (warmRates != null) {
            try {
                options = options.withUserRates(Arrays.stream(warmRates.split(",")).map(String::trim)
                        .map(Integer::valueOf).toList());
            } catch (IllegalArgumentException e) { // a number that is not one, or not positive
                System.err.println("--warm-rates takes sessions per second separated by commas (20,50,20): "
                        + e.getMessage());
                System.exit(2);
            }
        }
        ServiceJars jars = new ServiceJars(repo, serviceJvm, profiles);
        Harness.Run run = Harness.run(options, jars, only);
        System.exit(run.failures().isEmpty() ? 0 : 1);
    }
}
