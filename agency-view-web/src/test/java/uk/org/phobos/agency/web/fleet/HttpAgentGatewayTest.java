package uk.org.phobos.agency.web.fleet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.discovery.FleetMember;

class HttpAgentGatewayTest {
    private final FleetDirectory empty = new FleetDirectory() {
        @Override
        public List<FleetMember> members() {
            return List.of();
        }

        @Override
        public List<AgentSlot> agents() {
            return List.of();
        }

        @Override
        public Optional<FleetMember> member(URI url) {
            return Optional.empty();
        }
    };

    private final HttpAgentGateway gateway = new HttpAgentGateway(
            new AgencyClient(
                    HttpClient.newHttpClient(), AgencyJson.newMapper(), Optional.of("t"), Duration.ofSeconds(1)),
            empty);

    @Test
    void urlsThatDiscoveryDidNotFindAreRefusedBeforeAnyRequest() {
        URI metadata = URI.create("http://169.254.169.254");

        for (Runnable call : List.<Runnable>of(
                () -> gateway.submit(metadata, TaskRequest.of("x")),
                () -> gateway.task(metadata, "t1"),
                () -> gateway.cancel(metadata, "t1"),
                () -> gateway.recentTasks(metadata),
                () -> gateway.sessions(metadata),
                () -> gateway.holdsSession(metadata, "s1"))) {
            assertThatThrownBy(call::run)
                    .isInstanceOfSatisfying(
                            ApiException.class,
                            e -> org.assertj.core.api.Assertions.assertThat(e.code())
                                    .isEqualTo(ErrorCode.FORBIDDEN));
        }
    }
}
