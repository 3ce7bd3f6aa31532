package uk.org.phobos.agency.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class Argon2idTest {
    private final Argon2id argon = new Argon2id(new Argon2id.Cost(1024, 1, 1), new SecureRandom());

    @Test
    void aHashVerifiesItsPasswordAndNoOther() {
        String hash = argon.hash("correct horse battery".toCharArray());

        assertThat(hash).matches("^\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+$");
        assertThat(argon.verify("correct horse battery".toCharArray(), hash)).isTrue();
        assertThat(argon.verify("correct horse batterx".toCharArray(), hash)).isFalse();
        assertThat(argon.verify("".toCharArray(), hash)).isFalse();
    }

    @Test
    void theSameAnswerNeverRepeatsThanksToTheSalt() {
        assertThat(argon.hash("same".toCharArray())).isNotEqualTo(argon.hash("same".toCharArray()));
    }

    @Test
    void verificationUsesTheCostStoredInTheHash() {
        String strong = new Argon2id(Argon2id.Cost.DEFAULT, new SecureRandom()).hash("pw".toCharArray());

        assertThat(strong).contains("m=19456,t=2,p=1");
        assertThat(argon.verify("pw".toCharArray(), strong)).isTrue();
    }

    @Test
    void somethingThatIsNotAnArgon2idHashNeverVerifies() {
        assertThat(argon.verify("pw".toCharArray(), null)).isFalse();
        assertThat(argon.verify("pw".toCharArray(), "pw")).isFalse();
        assertThat(argon.verify(
                        "pw".toCharArray(),
                        "$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA"))
                .isFalse();
        assertThat(Argon2id.isWellFormed(
                        "$argon2id$v=19$m=1,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA"))
                .as("memory below 8 KiB per lane is refused")
                .isFalse();
    }

    @Test
    void nonAsciiPasswordsWork() {
        String hash = argon.hash("pässwörd ✓ 密码".toCharArray());

        assertThat(argon.verify("pässwörd ✓ 密码".toCharArray(), hash)).isTrue();
        assertThat(argon.verify("passwort ✓ 密码".toCharArray(), hash)).isFalse();
    }
}
