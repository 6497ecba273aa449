package io.warmpool.events;

import java.util.regex.Pattern;

/**
 * The one syntax of identifiers in warmpool: session, bot, pool, router and allocator ids, provisionIds.
 * Every id travels as a Kafka key or a CloudEvents field, so every edge that accepts one (an event
 * record, a setting, a query parameter) checks it against this.
 */
public final class Ids {
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    /**
     * A pool name as configured: an id without {@code :} (it separates a pool from its settings in
     * {@code WARMPOOL_POOLS}) and at most 64 characters, so that a bot id made from it stays an id.
     */
    public static final Pattern POOL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Ids() {
    }

    public static boolean isId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    public static boolean isPoolName(String value) {
        return value != null && POOL_NAME.matcher(value).matches();
    }
}
