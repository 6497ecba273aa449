package io.warmpool.bot.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An ELIZA-like rule table. The reply depends only on the conversation's user turns: the first rule
 * that matches the last turn answers, and a rule that fired before in the conversation moves on to its
 * next answer, so a conversation always gets the same replies.
 */
final class ElizaRules {
    private record Rule(Pattern pattern, List<String> answers) {
    }

    // The rule whose subject ELIZA remembers for later.
    private static final Rule MY = rule("\\bmy (.+)", "Your {0}?", "Why do you say your {0}?");
    private static final List<Rule> RULES = List.of(
            rule("\\b(?:hello|hi|hey)\\b", "Hello. How are you feeling today?", "Hi again. What is on your mind?"),
            rule("\\b(?:bye|goodbye)\\b", "Goodbye. It was nice talking to you."),
            rule("\\bi need (.+)", "Why do you need {0}?", "Would it really help you to get {0}?"),
            rule("\\bi feel (.+)", "Why do you feel {0}?", "Do you often feel {0}?"),
            rule("\\b(?:i am|i'm) (.+)", "How long have you been {0}?", "Why do you tell me you are {0}?"),
            rule("\\bbecause (.+)", "Is that the real reason?", "What else could explain {0}?"),
            rule("\\bmy (?:mother|father|family|sister|brother)\\b", "Tell me more about your family."),
            MY,
            rule("\\b(?:you are|you're) (.+)", "What makes you think I am {0}?"),
            rule("\\bcan you (.+)", "What makes you think I can't {0}?", "Perhaps I could {0}. Would you like that?"),
            rule("\\?$", "Why do you ask?", "What do you think?"));

    private static final List<String> FALLBACK =
            List.of("Please tell me more.", "How does that make you feel?", "I see. Go on.");

    private static final Map<String, String> REFLECTIONS = Map.ofEntries(
            Map.entry("i", "you"), Map.entry("me", "you"), Map.entry("my", "your"), Map.entry("mine", "yours"),
            Map.entry("am", "are"), Map.entry("i'm", "you are"), Map.entry("i've", "you have"),
            Map.entry("i'll", "you will"), Map.entry("myself", "yourself"), Map.entry("was", "were"),
            Map.entry("you", "I"), Map.entry("your", "my"), Map.entry("yours", "mine"), Map.entry("are", "am"),
            Map.entry("you're", "I am"), Map.entry("you've", "I have"), Map.entry("yourself", "myself"));

    private ElizaRules() {
    }

    static String reply(Conversation conversation) {
        List<String> said = conversation.userTexts().stream().map(ElizaRules::normalise).toList();
        if (said.isEmpty()) {
            return FALLBACK.get(0);
        }
        String last = said.get(said.size() - 1);
        List<String> before = said.subList(0, said.size() - 1);
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(last);
            if (m.find()) {
                long fired = before.stream().filter(s -> firstMatch(s).orElse(null) == rule).count();
                String answer = rule.answers().get((int) (fired % rule.answers().size()));
                return m.groupCount() > 0 ? answer.replace("{0}", reflect(m.group(1))) : answer;
            }
        }
        return fallback(before);
    }

    // Like ELIZA's memory: with nothing better to say, it brings up what the user said about "my ...".
    private static String fallback(List<String> before) {
        long fallbacks = before.stream().filter(s -> firstMatch(s).isEmpty()).count();
        Optional<String> memory = before.stream().filter(s -> firstMatch(s).orElse(null) == MY).findFirst()
                .map(s -> MY.pattern().matcher(s)).filter(Matcher::find).map(m -> reflect(m.group(1)));
        if (memory.isPresent() && fallbacks % 2 == 0) {
            return "Earlier you said your " + memory.get() + ". Tell me more about that.";
        }
        return FALLBACK.get((int) (fallbacks % FALLBACK.size()));
    }

    private static Optional<Rule> firstMatch(String said) {
        return RULES.stream().filter(r -> r.pattern().matcher(said).find()).findFirst();
    }

    private static String normalise(String text) {
        return text.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    static String reflect(String fragment) {
        String words = fragment.replaceAll("[.!?,;]+$", "").trim();
        return Arrays.stream(words.split(" ")).map(w -> REFLECTIONS.getOrDefault(w, w))
                .collect(Collectors.joining(" "));
    }

    private static Rule rule(String regex, String... answers) {
        return new Rule(Pattern.compile(regex), List.of(answers));
    }
}
