package io.warmpool.faults.scenario;

/** A scenario's own target beside the common ones (every malformed record dead-lettered, no forged claim accepted). */
public record Check(String what, String value, String target, boolean met) {
}
