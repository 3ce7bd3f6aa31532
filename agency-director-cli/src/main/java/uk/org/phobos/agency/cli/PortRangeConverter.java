package uk.org.phobos.agency.cli;

import picocli.CommandLine;
import uk.org.phobos.agency.core.component.PortRange;

/** {@code 9000-9299} or {@code 9000} on the command line. */
final class PortRangeConverter implements CommandLine.ITypeConverter<PortRange> {
    @Override
    public PortRange convert(String value) {
        try {
            PortRange range = PortRange.parse(value);
            if (range.first() == 0) {
                throw new CommandLine.TypeConversionException("port 0 cannot be scanned");
            }
            return range;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
