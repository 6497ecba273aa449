package io.warmpool.events;

/** Construction-time checks shared by the event records; each message names the offending field. */
final class Require {
    private Require() {
    }

    static String id(String field, String value) {
        text(field, value);
        if (!Ids.isId(value)) {
            throw new InvalidFieldException(field, "must match " + Ids.ID.pattern() + " but was '" + value + "'");
        }
        return value;
    }

    static String optionalId(String field, String value) {
        return value == null ? null : id(field, value);
    }

    static String text(String field, String value) {
        if (value == null) {
            throw new InvalidFieldException(field, "is required");
        }
        if (value.isBlank()) {
            throw new InvalidFieldException(field, "must not be blank");
        }
        return value;
    }

    static <T> T present(String field, T value) {
        if (value == null) {
            throw new InvalidFieldException(field, "is required");
        }
        return value;
    }

    static long notNegative(String field, long value) {
        if (value < 0) {
            throw new InvalidFieldException(field, "must not be negative but was " + value);
        }
        return value;
    }

    static int notNegative(String field, int value) {
        if (value < 0) {
            throw new InvalidFieldException(field, "must not be negative but was " + value);
        }
        return value;
    }

    static int positive(String field, int value) {
        if (value <= 0) {
            throw new InvalidFieldException(field, "must be positive but was " + value);
        }
        return value;
    }
}
