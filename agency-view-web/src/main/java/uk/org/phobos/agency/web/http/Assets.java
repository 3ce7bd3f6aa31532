package uk.org.phobos.agency.web.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import uk.org.phobos.agency.core.api.ApiException;

/**
 * The dashboard's files, read from the jar once at start and served by name from a fixed list: no
 * path from a request ever reaches the class path or the disk, and nothing comes from another origin.
 */
public final class Assets {
    private static final String BASE = "/uk/org/phobos/agency/web/assets/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    @SuppressWarnings("ArrayRecordComponent") // private; the bytes are served, never changed
    private record Asset(byte[] bytes, String type) {}

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    public Assets(String... names) {
        for (String name : names) {
            String extension = name.substring(name.lastIndexOf('.') + 1);
            String type = TYPES.get(extension);
            if (type == null) {
                throw new IllegalArgumentException("no content type for " + name);
            }
            assets.put(name, new Asset(load(name), type));
        }
    }

    public static Assets dashboard() {
        return new Assets(
                "index.html", "login.html", "pair.html", "app.js", "login.js", "style.css", "markdown.css", "icon.svg");
    }

    /** Serves {@code name}; 404 for anything not on the list. */
    public void serve(Context ctx, String name) {
        Asset asset = find(name).orElseThrow(() -> ApiException.notFound("no such file: " + name));
        ctx.contentType(asset.type()).result(asset.bytes());
    }

    public Optional<byte[]> bytes(String name) {
        return find(name).map(Asset::bytes);
    }

    private Optional<Asset> find(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    private static byte[] load(String name) {
        try (InputStream in = Assets.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("asset " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
