package io.warmpool.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything one run measured: latency figures, plain numbers (with units in their names) and notes. */
public final class Results {
    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final Map<String, Double> numbers = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    public void add(Figure figure) {
        figures.put(figure.key(), figure);
        System.out.printf("[bench]   %-28s %s%n", figure.key(), figure.summary());
    }

    public void number(String name, double value) {
        numbers.put(name, value);
        System.out.printf("[bench]   %-28s %.3f%n", name, value);
    }

    public void note(String note) {
        notes.add(note);
        System.out.println("[bench]   note: " + note);
    }

    public Optional<Figure> figure(String key) {
        return Optional.ofNullable(figures.get(key));
    }

    public List<Figure> figures() {
        return List.copyOf(figures.values());
    }

    public Map<String, Double> numbers() {
        return Map.copyOf(numbers);
    }

    public Optional<Double> number(String name) {
        return Optional.ofNullable(numbers.get(name));
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }
}
