package uk.org.phobos.agency.cli;

import java.net.URI;
import picocli.CommandLine;

/**
 * A component's URL as typed: {@code https://127.0.0.1:9000}, {@code 127.0.0.1:9000}, or just the port
 * {@code 9000} of this machine. Components speak HTTPS only, so {@code http://} is refused here.
 */
public final class ComponentUrlConverter implements CommandLine.ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
        String text = value.strip();
        if (text.matches("\\d{1,5}")) {
            text = "https://127.0.0.1:" + text;
        } else if (!text.contains("://")) {
            text = "https://" + text;
        }
        URI url;
        try {
            url = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a URL");
        }
        if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not an https://HOST:PORT URL (Agency components speak HTTPS only)");
        }
        String path = url.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' has a path: give the component's base URL, e.g. https://127.0.0.1:9000");
        }
        return URI.create(url.getScheme() + "://" + url.getRawAuthority());
    }
}
