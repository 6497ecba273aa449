package io.warmpool.events.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ClaimTest {
    private static final ClaimKey KEY = ClaimKey.of("a-shared-secret-of-some-length");
    private static final long NOW = 1_000_000L;

    @Property
    void aSignedClaimSurvivesItsTokenFormAndChecksValid(@ForAll @AlphaChars @StringLength(min = 1, max = 40) String session,
                                                        @ForAll @AlphaChars @StringLength(min = 1, max = 40) String bot) {
        Claim claim = Claim.parse(Claim.sign(KEY, session, bot, NOW + 5000).token());

        assertThat(claim.check(KEY, bot, NOW)).isEqualTo(ClaimCheck.VALID);
    }

    @Test
    void anotherKeysClaimHasABadSignature() {
        Claim forged = Claim.sign(ClaimKey.of("not-the-shared-secret-at-all"), "s-1", "bot-1", NOW + 5000);

        assertThat(forged.check(KEY, "bot-1", NOW)).isEqualTo(ClaimCheck.BAD_SIGNATURE);
    }

    @Test
    void aClaimWhosePayloadWasEditedHasABadSignature() {
        Claim genuine = Claim.sign(KEY, "s-1", "bot-1", NOW + 5000);
        Claim edited = new Claim("s-1", "bot-1", NOW + 999_999, genuine.signature());

        assertThat(edited.check(KEY, "bot-1", NOW)).isEqualTo(ClaimCheck.BAD_SIGNATURE);
    }

    @Test
    void aClaimForAnotherBotIsRefused() {
        assertThat(Claim.sign(KEY, "s-1", "bot-2", NOW + 5000).check(KEY, "bot-1", NOW))
                .isEqualTo(ClaimCheck.WRONG_BOT);
    }

    @Test
    void aClaimExpiredBeyondTheSkewToleranceIsRefused() {
        long tolerance = Claim.SKEW_TOLERANCE_MS;
        assertThat(Claim.sign(KEY, "s-1", "bot-1", NOW - tolerance - 1).check(KEY, "bot-1", NOW))
                .isEqualTo(ClaimCheck.EXPIRED);
        assertThat(Claim.sign(KEY, "s-1", "bot-1", NOW - tolerance).check(KEY, "bot-1", NOW))
                .as("a bot clock ahead by up to the tolerance").isEqualTo(ClaimCheck.VALID);
    }

    @Test
    void eitherKeyOfARotationChecksAClaim() {
        ClaimKey next = ClaimKey.of("the-next-key-0123456789");
        ClaimKeys rotating = new ClaimKeys(next, KEY);
        assertThat(Claim.sign(KEY, "s-1", "bot-1", NOW).check(rotating, "bot-1", NOW)).isEqualTo(ClaimCheck.VALID);
        assertThat(Claim.sign(next, "s-1", "bot-1", NOW).check(rotating, "bot-1", NOW)).isEqualTo(ClaimCheck.VALID);
        assertThat(Claim.sign(KEY, "s-1", "bot-1", NOW).check(ClaimKeys.of(next), "bot-1", NOW))
                .isEqualTo(ClaimCheck.BAD_SIGNATURE);
    }

    @Test
    void aTokenHasOneSpelling() {
        String token = Claim.sign(KEY, "s-1", "bot-1", NOW).token();
        char last = token.charAt(token.length() - 1);
        String respelled = token.substring(0, token.length() - 1) + (char) (last ^ 1);
        assertThatThrownBy(() -> Claim.parse(respelled)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedTokensAreRefusedWithAReason() {
        assertThatThrownBy(() -> Claim.parse(null)).hasMessage("no claim");
        assertThatThrownBy(() -> Claim.parse("nodot")).hasMessageContaining("payload.signature");
        assertThatThrownBy(() -> Claim.parse("bm90IHRocmVl.c2ln")).hasMessageContaining("sessionId|botId|expiry");
        assertThatThrownBy(() -> Claim.parse("!!!.c2ln")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shortKeysAreRefusedAndKeysNeverPrint() {
        assertThatThrownBy(() -> ClaimKey.of("short")).hasMessageContaining("at least 16");
        assertThat(KEY.toString()).doesNotContain("secret");
        assertThat(Claim.sign(KEY, "s", "b", 1).toString()).doesNotContain(Claim.sign(KEY, "s", "b", 1).token());
    }
}
