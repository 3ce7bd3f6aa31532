package uk.org.phobos.agency.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.scheduler.job.ApiJobStore;
import uk.org.phobos.agency.scheduler.job.Job;
import uk.org.phobos.agency.scheduler.job.JobValidator;
import uk.org.phobos.agency.scheduler.job.JobsFileLoader;
import uk.org.phobos.agency.scheduler.job.JobsFileWatcher;
import uk.org.phobos.agency.scheduler.job.SavedApiJobs;
import uk.org.phobos.agency.scheduler.run.JobStateStore;
import uk.org.phobos.agency.scheduler.run.RunHistoryStore;
import uk.org.phobos.agency.scheduler.run.Scheduler;
import uk.org.phobos.agency.scheduler.run.SchedulerStores;
import uk.org.phobos.agency.scheduler.run.TickSignal;
import uk.org.phobos.agency.scheduler.run.Ticker;
import uk.org.phobos.agency.scheduler.settings.SchedulerSettings;
import uk.org.phobos.agency.scheduler.settings.SettingsStore;
import uk.org.phobos.agency.scheduler.submit.AsyncRunLauncher;
import uk.org.phobos.agency.scheduler.submit.FleetTaskTarget;

/**
 * Wires a scheduler from its state folder ({@code AGENCY_ROOT/scheduler}: {@code jobs.json}, {@code
 * state.json}, {@code settings.json}, {@code runs/}) and starts it: saved jobs and settings are loaded,
 * command-line values win over saved settings, open runs are settled, missed fire times dealt with, then
 * the ticker and the file watcher start.
 */
public final class SchedulerAssembly {
    private static final Logger log = LoggerFactory.getLogger(SchedulerAssembly.class);
    /** The longest the ticker sleeps, so that a change of the system clock is noticed within a minute. */
    private static final Duration MAX_TICK_SLEEP = Duration.ofMinutes(1);

    private SchedulerAssembly() {}

    public static SchedulerComponent start(String name, Path stateDir, SchedulerConfig config, AgencyClient client) {
        ObjectMapper mapper = AgencyJson.newMapper();
        SettingsStore settingsStore = new SettingsStore(stateDir.resolve("settings.json"), mapper);
        AtomicReference<SchedulerSettings> settings = new AtomicReference<>(settings(settingsStore, config));
        SchedulerStores stores = new SchedulerStores(
                new ApiJobStore(stateDir.resolve("jobs.json"), mapper),
                new JobStateStore(stateDir.resolve("state.json"), mapper),
                new RunHistoryStore(stateDir.resolve("runs"), mapper));
        JobValidator validator = new JobValidator(config.hostZone());
        AsyncRunLauncher launcher = new AsyncRunLauncher(
                new FleetTaskTarget(client, settings::get),
                config.workers(),
                config.backoff(),
                config.giveUpAfter(),
                config.clock());
        TickSignal signal = new TickSignal();
        Scheduler scheduler = new Scheduler(
                config.clock(),
                launcher,
                stores,
                settings.get().historyLimit(),
                () -> UUID.randomUUID().toString(),
                signal,
                config.jobsFile());
        Optional<JobsFileWatcher> watcher = Optional.ofNullable(config.jobsFile())
                .map(file -> new JobsFileWatcher(
                        file.toAbsolutePath(),
                        new JobsFileLoader(validator),
                        scheduler::apiJobNames,
                        scheduler::applyFileJobs));
        SavedApiJobs apiJobs = SavedApiJobs.check(
                stores.apiJobs().load(), validator, stores.apiJobs().file());
        Set<String> apiNames = apiJobs.valid().stream().map(Job::name).collect(Collectors.toSet());
        List<Job> fileJobs = watcher.map(w -> w.loadInitial(apiNames)).orElse(List.of());
        boolean fileUsable = watcher.map(w -> w.problem().isEmpty()).orElse(true);
        scheduler.start(apiJobs, fileJobs, fileUsable);
        Ticker ticker = new Ticker(scheduler, config.clock(), signal, MAX_TICK_SLEEP);
        ticker.start();
        watcher.ifPresent(w -> w.start(config.watchInterval()));
        log.info(
                "scheduler started with {} job(s); web view {}, default agent {}",
                scheduler.jobCount(),
                settings.get().webUrl() == null ? "none" : settings.get().webUrl(),
                settings.get().agentUrl() == null ? "none" : settings.get().agentUrl());
        return new SchedulerComponent(name, scheduler, validator, settings, settingsStore, watcher, ticker, launcher);
    }

    private static SchedulerSettings settings(SettingsStore store, SchedulerConfig config) {
        SchedulerSettings saved = store.load().orElse(SchedulerSettings.defaults());
        int limit = config.historyLimit() != null
                ? config.historyLimit()
                : saved.historyLimit() >= 1 ? saved.historyLimit() : SchedulerSettings.DEFAULT_HISTORY_LIMIT;
        return new SchedulerSettings(
                limit,
                config.webUrl() != null ? config.webUrl() : saved.webUrl(),
                config.agentUrl() != null ? config.agentUrl() : saved.agentUrl());
    }
}
