package uk.org.phobos.agency.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import uk.org.phobos.agency.core.api.ComponentType;
import uk.org.phobos.agency.core.api.HistoryPage;
import uk.org.phobos.agency.core.api.PageRequest;
import uk.org.phobos.agency.core.component.Configurable;
import uk.org.phobos.agency.core.component.EventFeed;
import uk.org.phobos.agency.core.component.JsonBodies;
import uk.org.phobos.agency.core.component.Observable;
import uk.org.phobos.agency.core.component.RouteContributor;
import uk.org.phobos.agency.core.config.ConfigException;
import uk.org.phobos.agency.core.service.AgencyVersion;
import uk.org.phobos.agency.scheduler.job.JobValidator;
import uk.org.phobos.agency.scheduler.job.JobsFileWatcher;
import uk.org.phobos.agency.scheduler.rest.JobRoutes;
import uk.org.phobos.agency.scheduler.run.Scheduler;
import uk.org.phobos.agency.scheduler.run.Ticker;
import uk.org.phobos.agency.scheduler.settings.SchedulerSettings;
import uk.org.phobos.agency.scheduler.settings.SettingsStore;
import uk.org.phobos.agency.scheduler.settings.SettingsValidator;
import uk.org.phobos.agency.scheduler.submit.AsyncRunLauncher;

/**
 * ag-tool-scheduler as a component: {@code /status} (state {@code running} while a run is being
 * submitted or followed), runs as {@code /tasks} and {@code /history}, settings as {@code /config},
 * and the {@code /jobs} routes. Built and started by {@link SchedulerAssembly}.
 */
public final class SchedulerComponent implements Observable, Configurable, RouteContributor {
    private final String name;
    private final Scheduler scheduler;
    private final JobValidator validator;
    private final AtomicReference<SchedulerSettings> settings;
    private final SettingsStore settingsStore;
    private final Optional<JobsFileWatcher> watcher;
    private final Ticker ticker;
    private final AsyncRunLauncher launcher;

    SchedulerComponent(
            String name,
            Scheduler scheduler,
            JobValidator validator,
            AtomicReference<SchedulerSettings> settings,
            SettingsStore settingsStore,
            Optional<JobsFileWatcher> watcher,
            Ticker ticker,
            AsyncRunLauncher launcher) {
        this.name = name;
        this.scheduler = scheduler;
        this.validator = validator;
        this.settings = settings;
        this.settingsStore = settingsStore;
        this.watcher = watcher;
        this.ticker = ticker;
        this.launcher = launcher;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public ComponentType type() {
        return ComponentType.HELPER;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return AgencyVersion.current();
    }

    @Override
    public String state() {
        return scheduler.isBusy() ? "running" : "idle";
    }

    @Override
    public Map<String, Object> config() {
        SchedulerSettings current = settings.get();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("web_url", current.webUrl() == null ? null : current.webUrl().toString());
        config.put(
                "agent_url",
                current.agentUrl() == null ? null : current.agentUrl().toString());
        config.put("jobs_file", watcher.map(w -> w.file().toString()).orElse(null));
        config.put("job_count", scheduler.jobCount());
        config.put("history_limit", current.historyLimit());
        return config;
    }

    @Override
    public Map<String, Object> statusDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(
                "config_error",
                watcher.flatMap(JobsFileWatcher::problem)
                        .map(SchedulerComponent::describe)
                        .orElse(null));
        details.put("active_runs", scheduler.activeRuns().size());
        return details;
    }

    private static Map<String, Object> describe(ConfigException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("file", String.valueOf(e.file()));
        error.put("line", e.line());
        error.put("field", e.field());
        error.put("message", e.getMessage());
        return error;
    }

    @Override
    public void addRoutes(RoutesConfig routes, JsonBodies bodies) {
        new JobRoutes(scheduler, validator).install(routes, bodies);
    }

    @Override
    public List<?> tasks() {
        return scheduler.activeRuns();
    }

    @Override
    public HistoryPage<?> history(PageRequest page) {
        return page.slice(scheduler.allRuns());
    }

    @Override
    public Optional<?> historyEntry(String id) {
        return scheduler.findRun(id);
    }

    @Override
    public Optional<List<String>> debugLines(String id) {
        return Optional.empty();
    }

    @Override
    public Optional<EventFeed> events(String taskId) {
        return Optional.empty();
    }

    @Override
    public Object currentConfig() {
        return settings.get();
    }

    @Override
    public synchronized Object replaceConfig(JsonNode proposed) {
        SchedulerSettings next = new SettingsValidator().read(proposed);
        settingsStore.save(next);
        settings.set(next);
        scheduler.historyLimit(next.historyLimit());
        return next;
    }

    @Override
    public void stopAccepting() {
        scheduler.stopAccepting();
        ticker.close();
        watcher.ifPresent(JobsFileWatcher::close);
    }

    /** Idle once no run is being submitted; tasks being followed go on at their agents and are followed again after a restart. */
    @Override
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return scheduler.awaitSubmissions(timeout);
    }

    @Override
    public void cancelAll() {
        launcher.close();
    }

    @Override
    public void persist() {
        scheduler.persist();
    }

    /** Stops everything at once (tests; a service stops through the shutdown sequence). */
    public void close() {
        stopAccepting();
        cancelAll();
        persist();
    }
}
