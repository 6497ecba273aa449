package io.warmpool.runtime.config;

import io.warmpool.events.Ids;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed, validated reads of {@code WARMPOOL_*} settings from a map (the environment in production,
 * a literal map in tests). Every failure names the variable, so a bad value stops a service at
 * start with a message an operator can act on.
 */
public final class Env {
    private final Map<String, String> vars;

    private Env(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    public static Env of(Map<String, String> vars) {
        return new Env(vars);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public Map<String, String> asMap() {
        return vars;
    }

    public Optional<String> optional(String name) {
        String v = vars.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String text(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    /** An id in the event contract's syntax ({@link Ids#ID}), or {@code fallback} when unset. */
    public String id(String name, String fallback) {
        String value = text(name, fallback);
        if (!Ids.isId(value)) {
            throw new ConfigException(name + "='" + value + "' is not an id: expected " + Ids.ID.pattern());
        }
        return value;
    }

    public String required(String name, String why) {
        return optional(name).orElseThrow(() -> new ConfigException(name + " is required: " + why));
    }

    /**
     * A secret given either in {@code name} or in the file {@code name_FILE} names (a mounted secret,
     * so that it needs not sit in a container's environment); exactly one of them, the file's
     * content without its trailing line break.
     */
    public String secret(String name, String why) {
        String fileVar = name + "_FILE";
        Optional<String> inline = optional(name);
        Optional<String> file = optional(fileVar);
        if (inline.isPresent() && file.isPresent()) {
            throw new ConfigException("set either " + name + " or " + fileVar + ", not both");
        }
        if (file.isEmpty()) {
            return required(name, why + " (or " + fileVar + ")");
        }
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(file.get())).strip();
        } catch (java.io.IOException | RuntimeException e) {
            throw new ConfigException(fileVar + "=" + file.get() + " cannot be read: " + e.getMessage());
        }
    }

    public int integer(String name, int fallback, int min, int max) {
        return optional(name).map(v -> parse(name, v, "a whole number", Integer::parseInt)).map(v -> {
            if (v < min || v > max) {
                throw new ConfigException(name + "=" + v + " is out of range: expected " + min + ".." + max);
            }
            return v;
        }).orElse(fallback);
    }

    public long longValue(String name, long fallback, long min, long max) {
        return optional(name).map(v -> parse(name, v, "a whole number", Long::parseLong)).map(v -> {
            if (v < min || v > max) {
                throw new ConfigException(name + "=" + v + " is out of range: expected " + min + ".." + max);
            }
            return v;
        }).orElse(fallback);
    }

    /** Milliseconds as a plain number, the unit named by the variable ({@code *_MS}). */
    public Duration millis(String name, Duration fallback, Duration min, Duration max) {
        return Duration.ofMillis(longValue(name, fallback.toMillis(), min.toMillis(), max.toMillis()));
    }

    public boolean bool(String name, boolean fallback) {
        return optional(name).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(name + "='" + v + "' is not a boolean: expected true or false");
        }).orElse(fallback);
    }

    public <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        return optional(name).map(v -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(v)) {
                    return e;
                }
            }
            throw new ConfigException(name + "='" + v + "' is not one of "
                    + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
        }).orElse(fallback);
    }

    public List<String> list(String name, List<String> fallback) {
        return optional(name)
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(fallback);
    }

    private static <T> T parse(String name, String value, String expected, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new ConfigException(name + "='" + value + "' is not " + expected);
        }
    }
}
