package uk.org.phobos.agency.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class DefaultLogConfiguratorTest {
    private final LoggerContext context = new LoggerContext();

    @Test
    void configuresStderrAtInfoWithTheChattyLibrariesAtWarnAndStopsLogbackLookingFurther() {
        DefaultLogConfigurator configurator = new DefaultLogConfigurator(() -> false);
        configurator.setContext(context);

        ExecutionStatus status = configurator.configure(context);

        assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("stderr")).isInstanceOfSatisfying(ConsoleAppender.class, appender -> {
            assertThat(appender.getTarget()).isEqualTo("System.err");
            assertThat(appender.isStarted()).isTrue();
        });
        assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.javalin").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void stepsAsideForALogbackTestXmlOrAnExplicitConfigurationFile() {
        DefaultLogConfigurator configurator = new DefaultLogConfigurator(() -> true);
        configurator.setContext(context);

        ExecutionStatus status = configurator.configure(context);

        assertThat(status).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME)
                        .iteratorForAppenders()
                        .hasNext())
                .isFalse();
    }

    @Test
    void isWhatLogbacksServiceLoaderFinds() {
        assertThat(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream()
                        .map(ServiceLoader.Provider::type))
                .contains(DefaultLogConfigurator.class);
    }

    @Test
    void theProcessDefaultFindsThisModulesLogbackTestXmlAndStepsAside() {
        DefaultLogConfigurator configurator = new DefaultLogConfigurator();
        configurator.setContext(context);

        assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    }
}
