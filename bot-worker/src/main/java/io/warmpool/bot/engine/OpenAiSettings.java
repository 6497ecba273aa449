package io.warmpool.bot.engine;

/**
 * Where an OpenAI-compatible chat completions API lives: {@code baseUrl} up to and including the
 * version, e.g. {@code https://api.openai.com/v1} or {@code http://localhost:11434/v1} (Ollama).
 * {@code apiKey} may be null for local servers.
 */
public record OpenAiSettings(String baseUrl, String model, String apiKey) {
    public OpenAiSettings {
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public String completionsUrl() {
        return baseUrl + "/chat/completions";
    }

    @Override
    public String toString() {
        return "OpenAiSettings[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey == null ? "none" : "****") + "]";
    }
}
