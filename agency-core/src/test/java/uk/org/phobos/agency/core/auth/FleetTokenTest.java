package uk.org.phobos.agency.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.config.AgencyHome;

class FleetTokenTest {
    private static final Map<String, String> NO_ENV = Map.of();

    @TempDir
    Path root;

    private AgencyHome home() {
        return new AgencyHome(root.resolve("agency"));
    }

    @Test
    void createsARandomTokenOnceOwnerOnlyAndReusesIt() throws Exception {
        FleetToken created = FleetToken.loadOrCreate(home(), NO_ENV);
        FleetToken reloaded = FleetToken.loadOrCreate(home(), NO_ENV);
        FleetToken forClient = FleetToken.load(home(), NO_ENV);

        assertThat(created.value()).matches("[A-Za-z0-9_-]{43}");
        assertThat(reloaded.value()).isEqualTo(created.value());
        assertThat(forClient.value()).isEqualTo(created.value());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home().tokenFile())))
                .isEqualTo("rw-------");
        assertThat(FleetToken.loadOrCreate(new AgencyHome(root.resolve("other")), NO_ENV)
                        .value())
                .isNotEqualTo(created.value());
    }

    @Test
    void environmentWinsOverTheFile() throws Exception {
        FleetToken.loadOrCreate(home(), NO_ENV);

        FleetToken fromEnv = FleetToken.load(home(), Map.of("AGENCY_TOKEN", "from-the-environment"));

        assertThat(fromEnv.value()).isEqualTo("from-the-environment");
        assertThat(FleetToken.loadOrCreate(home(), Map.of("AGENCY_TOKEN", "from-the-environment"))
                        .value())
                .isEqualTo("from-the-environment");
    }

    @Test
    void serversWithTheTokenInTheEnvironmentCreateNoFile() throws Exception {
        FleetToken.loadOrCreate(home(), Map.of("AGENCY_TOKEN", "from-the-environment"));

        assertThat(home().tokenFile()).doesNotExist();
    }

    @Test
    void blankEnvironmentValueCountsAsUnset() throws Exception {
        FleetToken created = FleetToken.loadOrCreate(home(), NO_ENV);

        assertThat(FleetToken.load(home(), Map.of("AGENCY_TOKEN", "  ")).value())
                .isEqualTo(created.value());
    }

    @Test
    void clientWithoutATokenIsToldWhatToDo() {
        assertThatThrownBy(() -> FleetToken.load(home(), NO_ENV))
                .isInstanceOf(MissingFleetTokenException.class)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Start an Agency component first")
                .hasMessageContaining("AGENCY_TOKEN")
                .hasMessageContaining(home().tokenFile().toString());
    }

    @Test
    void toleratesATrailingNewlineInTheFile() throws Exception {
        home().ensureRoot();
        Files.writeString(home().tokenFile(), "hand-written-token\n");

        assertThat(FleetToken.load(home(), NO_ENV).value()).isEqualTo("hand-written-token");
    }

    @Test
    void narrowsATokenFileOthersCanRead() throws Exception {
        home().ensureRoot();
        Files.writeString(home().tokenFile(), "shared-token\n");
        Files.setPosixFilePermissions(home().tokenFile(), PosixFilePermissions.fromString("rw-r--r--"));

        FleetToken.load(home(), NO_ENV);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home().tokenFile())))
                .isEqualTo("rw-------");
    }

    @Test
    void refusesAnEmptyFileOrATokenThatCannotTravelInAHeader() throws Exception {
        home().ensureRoot();
        Files.writeString(home().tokenFile(), "\n");

        assertThatThrownBy(() -> FleetToken.loadOrCreate(home(), NO_ENV)).hasMessageContaining("is empty");
        assertThatThrownBy(() -> FleetToken.load(home(), Map.of("AGENCY_TOKEN", "two words")))
                .hasMessageContaining("AGENCY_TOKEN");
    }

    @Test
    void matchesOnlyTheExactToken() throws Exception {
        FleetToken token = FleetToken.load(home(), Map.of("AGENCY_TOKEN", "s3cret-token"));

        assertThat(token.matches("s3cret-token")).isTrue();
        assertThat(token.matches("s3cret-tokeN")).isFalse();
        assertThat(token.matches("s3cret-token ")).isFalse();
        assertThat(token.matches("s3cret")).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(null)).isFalse();
    }

    @Test
    void toStringNeverShowsTheSecret() throws Exception {
        FleetToken fromFile = FleetToken.loadOrCreate(home(), NO_ENV);
        FleetToken fromEnv = FleetToken.load(home(), Map.of("AGENCY_TOKEN", "s3cret-token"));

        assertThat(fromFile.toString())
                .doesNotContain(fromFile.value())
                .contains(home().tokenFile().toString());
        assertThat(fromEnv.toString()).doesNotContain("s3cret").contains("AGENCY_TOKEN");
    }

    @Test
    void serversStartingTogetherShareOneToken() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> values = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                values.add(pool.submit(() -> {
                    start.await();
                    return FleetToken.loadOrCreate(home(), NO_ENV).value();
                }));
            }
            start.countDown();
            Set<String> distinct = new java.util.HashSet<>();
            for (Future<String> value : values) {
                distinct.add(value.get(30, TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(1);
            assertThat(distinct.stream().collect(Collectors.toList()))
                    .containsExactly(FleetToken.load(home(), NO_ENV).value());
        } finally {
            pool.shutdownNow();
        }
    }
}
