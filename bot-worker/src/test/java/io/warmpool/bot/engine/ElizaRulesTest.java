package io.warmpool.bot.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ElizaRulesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Hello there|Hello. How are you feeling today?",
            "I need a break from my work|Why do you need a break from your work?",
            "I feel that you ignore me.|Why do you feel that I ignore you?",
            "I'm sad|How long have you been sad?",
            "because it rains|Is that the real reason?",
            "My mother called|Tell me more about your family.",
            "My car is broken!|Your car is broken?",
            "You are a machine|What makes you think I am a machine?",
            "Can you help me|What makes you think I can't help you?",
            "What time is it?|Why do you ask?",
            "Bye|Goodbye. It was nice talking to you.",
            "The sky|Please tell me more."})
    void answersAFirstMessageFromTheTable(String said, String answer) {
        assertThat(ElizaRules.reply(Conversation.empty().with(Turn.user(said)))).isEqualTo(answer);
    }

    @Test
    void aRuleThatFiredBeforeMovesOnToItsNextAnswer() {
        Conversation c = Conversation.empty().with(Turn.user("I need sleep")).with(Turn.assistant("..."))
                .with(Turn.user("I need coffee"));
        assertThat(ElizaRules.reply(c)).isEqualTo("Would it really help you to get coffee?");
        Conversation third = c.with(Turn.assistant("...")).with(Turn.user("I need tea"));
        assertThat(ElizaRules.reply(third)).isEqualTo("Why do you need tea?");
    }

    @Test
    void withNothingToMatchItRemembersWhatTheUserSaidAboutTheirThings() {
        Conversation c = Conversation.empty().with(Turn.user("my dog barks")).with(Turn.user("ok"));
        assertThat(ElizaRules.reply(c)).isEqualTo("Earlier you said your dog barks. Tell me more about that.");
        assertThat(ElizaRules.reply(c.with(Turn.user("fine")))).isEqualTo("How does that make you feel?");
    }

    @Test
    void sameConversationSameReply() {
        Conversation c = Conversation.empty().with(Turn.user("hello")).with(Turn.user("I am tired"))
                .with(Turn.user("whatever"));
        assertThat(ElizaRules.reply(c)).isEqualTo(ElizaRules.reply(new Conversation(c.turns())));
    }

    @Test
    void reflectsPronouns() {
        assertThat(ElizaRules.reflect("i told you my secret")).isEqualTo("you told I your secret");
        assertThat(ElizaRules.reflect("you're mine.")).isEqualTo("I am yours");
    }
}
