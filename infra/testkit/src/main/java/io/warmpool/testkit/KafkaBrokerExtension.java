package io.warmpool.testkit;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link KafkaBroker} per test run, lazily, and injects it. The broker lives in the root
 * context's store, so JUnit stops it once, after the last test class, whichever classes used it.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
    private static final AtomicInteger STARTS = new AtomicInteger();
    private static volatile KafkaBroker current;

    /** The running broker, for code that cannot take it as a parameter (e.g. static fixtures). */
    public static KafkaBroker broker() {
        KafkaBroker broker = current;
        if (broker == null) {
            throw new IllegalStateException("no Kafka broker is running: annotate the test class with @WithKafka");
        }
        return broker;
    }

    /** How many brokers this JVM has started; lets the testkit's own tests prove the broker is shared. */
    static int starts() {
        return STARTS.get();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        // Constructor parameters are resolved before beforeAll with a per-class lifecycle, so start here too.
        return broker(extensionContext);
    }

    private static KafkaBroker broker(ExtensionContext context) {
        // getOrComputeIfAbsent is atomic, so parallel test classes still start a single broker.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class)
                .broker();
    }

    /** Store entry: JUnit closes AutoCloseable values when the root context ends. */
    private record Running(KafkaBroker broker) implements AutoCloseable {

        static Running start() {
            try {
                KafkaBroker broker = KafkaBroker.start();
                STARTS.incrementAndGet();
                current = broker;
                return new Running(broker);
            } catch (Exception e) {
                throw new IllegalStateException("in-process Kafka broker failed to start", e);
            }
        }

        @Override
        public void close() throws Exception {
            current = null;
            broker.stop();
        }
    }
}
