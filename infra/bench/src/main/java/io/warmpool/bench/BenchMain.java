package io.warmpool.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar warmpool-bench.jar [--quick] [--only floor,warm,process,idle] [--out DIR]} runs
 * the scenarios once each and writes the report and plot to DIR (default {@code docs});
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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> only = List.of(args[++i].split(","));
                default -> {
                    System.err.println("usage: java -jar warmpool-bench.jar [--quick] [--only "
                            + String.join(",", Harness.SCENARIOS) + "] [--out DIR] | jmh [JMH options]");
                    System.exit(2);
                }
            }
        }
        // The services log at INFO per session and per Kafka client; a benchmark wants its own lines only.
        for (String logger : List.of("defaultLogLevel", "log.io.warmpool")) {
            String key = "org.slf4j.simpleLogger." + logger;
            System.setProperty(key, System.getProperty(key, "warn"));
        }
        Harness.Run run = Harness.run(quick ? BenchOptions.quick(out) : BenchOptions.full(out), only);
        System.exit(run.failures().isEmpty() ? 0 : 1);
    }
}
