package uk.org.phobos.agency.cli.training;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * A stand-in agent for the training run: canned answers to the routes the command line calls, over HTTPS
 * with a certificate from the training fleet's CA. Only for {@link TrainingRun}; never part of a fleet.
 */
final class TrainingAgent implements AutoCloseable {
    private static final String STATUS = """
            {"type":"agent","name":"agent-training","interfaces":["statusable","taskable","observable"],\
            "version":"training","state":"idle","started_at":"2026-01-01T00:00:00Z","uptime_seconds":42,\
            "config":{"model":"sonnet","max_turns":100},"current_task":null,\
            "runner":{"kind":"claude","binary":"claude","version":"2.1.332 (Claude Code)"}}""";
    private static final String TASK = """
            {"task_id":"t-1","session_id":"s-1","state":"completed","prompt":"train","model":"sonnet",\
            "source":"cli","created_at":"2026-01-01T00:00:00Z","started_at":"2026-01-01T00:00:01Z",\
            "completed_at":"2026-01-01T00:00:03.5Z","duration_seconds":2.5,"exit_code":0,"output":"Done.",\
            "usage":{"input_tokens":10,"output_tokens":5,"cache_read_input_tokens":0,\
            "cache_creation_input_tokens":0},"cost_usd":0.000105,"num_turns":2,"attempts":1,\
            "steps":[{"type":"tool_call","tool":"Bash","input_preview":"ls","output_preview":"a b",\
            "is_error":false},{"type":"text","input_preview":"Done."}]}""";
    private static final List<String> EVENTS = List.of(
            "id: 1\nevent: state\ndata: {\"state\":\"working\"}\n\n",
            "id: 2\nevent: init\ndata: {\"session_id\":\"s-1\",\"model\":\"sonnet\"}\n\n",
            "id: 3\nevent: tool_call\ndata: {\"id\":\"tu-1\",\"tool\":\"Bash\",\"input\":{\"command\":\"ls\"}}\n\n",
            "id: 4\nevent: tool_result\ndata: {\"tool_use_id\":\"tu-1\",\"output\":\"a b\",\"is_error\":false}\n\n",
            "id: 5\nevent: text\ndata: {\"text\":\"Done.\"}\n\n",
            "id: 6\nevent: result\ndata: {\"subtype\":\"success\",\"is_error\":false,\"num_turns\":2}\n\n",
            "id: 7\nevent: state\ndata: {\"state\":\"completed\"}\n\n",
            "event: end\ndata: {}\n\n");

    private final HttpsServer server;

    TrainingAgent(SSLContext tls) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", this::answer);
        server.start();
    }

    URI url() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/status")) {
                send(exchange, 200, STATUS);
            } else if (path.equals("/task") && method.equals("POST")) {
                send(exchange, 201, "{\"task_id\":\"t-1\",\"session_id\":\"s-1\",\"state\":\"working\"}");
            } else if (path.equals("/task/t-1/events")) {
                events(exchange);
            } else if (path.equals("/task/t-1")) {
                send(exchange, 200, TASK);
            } else if (path.equals("/task/t-1/cancel")) {
                send(
                        exchange,
                        409,
                        "{\"error\":\"already_completed\",\"message\":\"done\",\"final_state\":\"completed\"}");
            } else if (path.equals("/history")) {
                send(
                        exchange,
                        200,
                        "{\"entries\":[" + TASK + "],\"page\":1,\"limit\":20,\"total\":1,\"total_pages\":1}");
            } else if (path.equals("/history/t-1/debug")) {
                send(exchange, 200, "{\"task_id\":\"t-1\",\"lines\":[\"{\\\"type\\\":\\\"result\\\"}\"]}");
            } else if (path.equals("/sessions/s-1")) {
                send(exchange, 200, "{\"session_id\":\"s-1\",\"tasks\":[\"t-1\"]}");
            } else if (path.equals("/shutdown")) {
                send(exchange, 202, "{\"state\":\"draining\",\"force\":false,\"timeout_seconds\":30}");
            } else {
                send(exchange, 404, "{\"error\":\"not_found\",\"message\":\"no route " + path + "\"}");
            }
        }
    }

    private static void events(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (String event : EVENTS) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
