import io.warmpool.bench.jmh.PoolBenchmark;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * PoolBenchmark's operation timed by this thread's CPU time instead of the wall clock, for a machine
 * too loaded for JMH's wall-clock throughput to mean much:
 * {@code java -cp infra/bench/target/warmpool-bench.jar infra/bench/probe/PoolCpuTime.java 10 1000 10000}.
 * Per bot count: 3 s of warm-up, then 5 rounds of 2 s of CPU; prints assignments per CPU-second.
 */
public class PoolCpuTime {
    public static void main(String[] args) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (String arg : args) {
            PoolBenchmark bench = new PoolBenchmark();
            bench.bots = Integer.parseInt(arg);
            bench.fill();
            run(bench, cpu, 3_000_000_000L);
            StringBuilder rounds = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                rounds.append(String.format(" %,.0f", run(bench, cpu, 2_000_000_000L)));
            }
            System.out.printf("bots %,d: assignments per CPU-second%s%n", bench.bots, rounds);
        }
    }

    private static double run(PoolBenchmark bench, ThreadMXBean cpu, long cpuNanos) {
        long start = cpu.getCurrentThreadCpuTime();
        long ops = 0;
        long used;
        do {
            for (int i = 0; i < 100; i++) {
                bench.assignAndReturn();
            }
            ops += 100;
            used = cpu.getCurrentThreadCpuTime() - start;
        } while (used < cpuNanos);
        return ops * 1e9 / used;
    }
}
