package uk.org.phobos.agency.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionCookieTest {
    @Test
    void theCookieIsHttpOnlySecureStrictAndSiteWide() {
        String header = SessionCookie.header("secret", 3600);

        assertThat(header)
                .startsWith("agency_session=secret;")
                .contains("; Path=/", "; Max-Age=3600", "; HttpOnly", "; Secure", "; SameSite=Strict")
                .doesNotContain("Domain");
    }

    @Test
    void clearingExpiresItAtOnce() {
        assertThat(SessionCookie.header("", 0)).startsWith("agency_session=;").contains("Max-Age=0");
    }
}
