package io.warmpool.faults;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -jar infra/faults/target/warmpool-faults.jar [--quick] [--docker] [--only SCENARIOS] [--out DIR]
 * [--repo DIR]} runs the fault scenarios against the service jars of the checkout in {@code --repo}
 * (default: the current folder), and with {@code --docker} against its compose stack too, and writes
 * {@code reliability-run.md} and the results of {@code RELIABILITY.md} in {@code --out} (default docs).
 */
public final class FaultsMain {
    private static final String USAGE = "usage: java -jar warmpool-faults.jar [--quick] [--docker] [--only 1,2-pm-kill,6,docker,...] "
            + "[--out DIR] [--repo CHECKOUT] [--rate PER_SECOND] [--chats N] [--min N] [--keep-logs]";

    private FaultsMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        boolean docker = false;
        List<String> only = List.of();
        Path out = Path.of("docs");
        Path repo = Path.of(".");
        Double rate = null;
        Integer chats = null;
        Integer min = null;
        boolean keepLogs = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--docker" -> docker = true;
                    case "--out" -> out = Path.of(args[++i]);
                    case "--repo" -> repo = Path.of(args[++i]);
                    case "--only" -> only = List.of(args[++i].split(","));
                    case "--rate" -> rate = Double.parseDouble(args[++i]);
                    case "--chats" -> chats = Integer.parseInt(args[++i]);
                    case "--min" -> min = Integer.parseInt(args[++i]);
                    case "--keep-logs" -> keepLogs = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
        }
        // The services log to their own files; the suite wants its own lines only, and its Kafka clients'
        // reconnect warnings during a broker fault are the fault itself, not news.
        for (String logger : List.of("defaultLogLevel", "log.io.warmpool", "log.org.apache.kafka")) {
            String key = "org.slf4j.simpleLogger." + logger;
            System.setProperty(key, System.getProperty(key, logger.endsWith("kafka") ? "error" : "warn"));
        }
        FaultOptions o = quick ? FaultOptions.quick(out, repo) : FaultOptions.full(out, repo);
        o = o.withLoad(rate == null ? o.rate() : rate, chats == null ? o.longChats() : chats);
        if (min != null) {
            o = o.withMinReady(min);
        }
        if (docker) {
            o = o.withDocker();
        }
        Suite.Run run = Suite.run(o, only, keepLogs, "java -jar infra/faults/target/warmpool-faults.jar " + String.join(" ", args));
        boolean zeroTargets = run.tallies().stream().allMatch(t -> t.zeroTargetMisses().isEmpty());
        System.exit(run.failures().isEmpty() && zeroTargets ? 0 : 1);
    }
}
