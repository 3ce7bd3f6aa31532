package uk.org.phobos.agency.core.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.function.BooleanSupplier;

/**
 * Logback's configuration until a service applies its own options through {@link LogSetup}: stderr at
 * info, as {@link LogSetup} would. Found by Logback through {@code META-INF/services}, so that Logback does
 * not look for and parse a {@code logback.xml}: on a cold JVM its XML configuration took about a fifth of a
 * service's start-up. A {@code logback-test.xml} on the class path or {@code -Dlogback.configurationFile}
 * still wins: this configurator then steps aside.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class DefaultLogConfigurator extends ContextAwareBase implements Configurator {
    private final BooleanSupplier configuredElsewhere;

    /** What Logback's service loader calls. */
    public DefaultLogConfigurator() {
        this(() -> System.getProperty("logback.configurationFile") != null
                || DefaultLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null);
    }

    DefaultLogConfigurator(BooleanSupplier configuredElsewhere) {
        this.configuredElsewhere = configuredElsewhere;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (configuredElsewhere.getAsBoolean()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LogSetup.install(context, LogFormat.AUTO, Level.INFO);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
