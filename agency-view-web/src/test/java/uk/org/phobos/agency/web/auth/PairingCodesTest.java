package uk.org.phobos.agency.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.core.api.ApiException;

class PairingCodesTest {
    private final MutableClock clock = new MutableClock();
    private final PairingCodes codes = new PairingCodes(clock, new Secrets(new SecureRandom()));

    @Test
    void aCodeIsEightCharactersWithoutLookAlikesValidForTenMinutes() {
        PairingCodes.Issued issued = codes.issue();

        assertThat(issued.code()).matches("^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{8}$");
        assertThat(issued.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
    }

    @Test
    void aCodeWorksOnce() {
        String code = codes.issue().code();

        assertThat(codes.redeem(code)).isTrue();
        assertThat(codes.redeem(code)).isFalse();
    }

    @Test
    void anExpiredCodeDoesNotWork() {
        String code = codes.issue().code();
        clock.advance(Duration.ofMinutes(10));

        assertThat(codes.redeem(code)).isFalse();
    }

    @Test
    void aCodeJustBeforeExpiryWorks() {
        String code = codes.issue().code();
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));

        assertThat(codes.redeem(code)).isTrue();
    }

    @Test
    void typingIsForgivingAboutCaseSpacesAndDashes() {
        String code = codes.issue().code();
        String typed = " " + code.substring(0, 4).toLowerCase(java.util.Locale.ROOT) + "-" + code.substring(4) + " ";

        assertThat(codes.redeem(typed)).isTrue();
    }

    @Test
    void wrongAndEmptyCodesFail() {
        codes.issue();

        assertThat(codes.redeem("AAAAAAAA")).isFalse();
        assertThat(codes.redeem("")).isFalse();
        assertThat(codes.redeem(null)).isFalse();
    }

    @Test
    void clearingVoidsEveryCodeIssuedBeforeButNotLaterOnes() {
        String first = codes.issue().code();
        String second = codes.issue().code();

        codes.clear();
        String later = codes.issue().code();

        assertThat(codes.redeem(first)).isFalse();
        assertThat(codes.redeem(second)).isFalse();
        assertThat(codes.redeem(later)).isTrue();
    }

    @Test
    void clearingFreesRoomForNewCodes() {
        for (int i = 0; i < 20; i++) {
            codes.issue();
        }
        assertThatThrownBy(codes::issue).isInstanceOf(ApiException.class);

        codes.clear();

        assertThatCode(codes::issue).doesNotThrowAnyException();
    }
}
