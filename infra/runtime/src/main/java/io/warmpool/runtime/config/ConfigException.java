package io.warmpool.runtime.config;

/** A setting that cannot be used. The message names the variable, the value and what was expected. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
