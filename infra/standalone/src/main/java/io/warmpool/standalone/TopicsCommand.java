package io.warmpool.standalone;

import io.warmpool.runtime.config.ConfigException;
import io.warmpool.runtime.config.Env;
import io.warmpool.runtime.kafka.KafkaSettings;
import io.warmpool.runtime.kafka.KafkaTopics;
import io.warmpool.runtime.kafka.TopicLayout;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./warmpool topics [--bootstrap B] [--prefix P] [--partitions N] [--check]}: creates the
 * installation's missing topics on a user's own Kafka, or with {@code --check} only reports, and
 * either way lists what differs from the wanted layout. Exit 0: as wanted; 1: something differs;
 * 2: bad arguments.
 */
public final class TopicsCommand {
    static final String USAGE = """
            usage: ./warmpool topics [--bootstrap HOST:PORT] [--prefix P] [--partitions N] [--check]
              --bootstrap HOST:PORT  the Kafka cluster (default: WARMPOOL_KAFKA_BOOTSTRAP, else localhost:9092)
              --prefix P             the installation's topic prefix (default: WARMPOOL_TOPIC_PREFIX, else none)
              --partitions N         partitions of each topic created, and expected of each one (default %d)
              --check                create nothing: report missing topics and different partition counts
            KAFKA_* variables pass through as client settings (KAFKA_SECURITY_PROTOCOL=SASL_SSL, ...).
            Existing topics are never changed: a new partition count moves pools between allocators."""
            .formatted(KafkaTopics.DEFAULT_PARTITIONS);

    private TopicsCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        Map<String, String> env = new HashMap<>(environment);
        boolean check = false;
        int partitions = KafkaTopics.DEFAULT_PARTITIONS;
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--check" -> check = true;
                    case "--help", "-h" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    case "--bootstrap", "--prefix", "--partitions" -> {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException(arg + " needs a value");
                        }
                        String value = args.get(++i);
                        switch (arg) {
                            case "--bootstrap" -> env.put(KafkaSettings.BOOTSTRAP, value);
                            case "--prefix" -> env.put(KafkaSettings.TOPIC_PREFIX, value);
                            default -> partitions = partitions(value);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("warmpool topics: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        KafkaSettings kafka;
        try {
            kafka = KafkaSettings.from(Env.of(env));
        } catch (ConfigException e) {
            err.println("warmpool topics: " + e.getMessage());
            return 2;
        }
        try (KafkaTopics topics = KafkaTopics.connect(kafka, "warmpool-topics")) {
            TopicLayout layout;
            if (check) {
                layout = topics.describe(kafka.topics());
            } else {
                TopicLayout before = topics.describe(kafka.topics());
                layout = topics.createMissing(kafka.topics(), partitions);
                List<String> created = before.missing().stream().filter(layout.partitions()::containsKey).toList();
                out.printf("created %d topic(s) with %d partition(s) on %s%s%n", created.size(), partitions,
                        kafka.bootstrap(), created.isEmpty() ? "" : ": " + String.join(", ", created));
            }
            print(layout, out);
            List<String> problems = layout.problems(partitions);
            problems.forEach(p -> out.println("problem: " + p));
            out.println(problems.isEmpty() ? "ok: every topic exists with " + partitions + " partition(s)"
                    : problems.size() + " problem(s)");
            return problems.isEmpty() ? 0 : 1;
        } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
            err.println("warmpool topics: " + kafka.bootstrap() + ": " + e.getMessage());
            return 1;
        }
    }

    private static void print(TopicLayout layout, PrintStream out) {
        layout.topics().all().forEach(t -> out.printf("  %-40s %s%n", t,
                layout.partitions().containsKey(t) ? layout.partitions().get(t) + " partition(s)" : "missing"));
    }

    private static int partitions(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--partitions must be a whole number 1..10000, not '" + value + "'");
    }
}
