package io.warmpool.events;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Lower-case wire names for enums whose JSON values are snake_case words. */
final class WireEnum {
    private WireEnum() {
    }

    static String wire(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String wire) {
        for (E e : type.getEnumConstants()) {
            if (wire(e).equals(wire)) {
                return e;
            }
        }
        throw new InvalidFieldException(field, "must be one of "
                + Arrays.stream(type.getEnumConstants()).map(WireEnum::wire).collect(Collectors.joining(", "))
                + " but was '" + wire + "'");
    }
}
