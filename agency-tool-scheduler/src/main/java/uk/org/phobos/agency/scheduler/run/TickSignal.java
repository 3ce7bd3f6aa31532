package uk.org.phobos.agency.scheduler.run;

/** Wakes the {@link Ticker} early when jobs change, so a new or edited job's first fire is not late. */
public final class TickSignal {
    private boolean woken;

    public synchronized void wake() {
        woken = true;
        notifyAll();
    }

    /** Waits up to {@code millis} or until woken (a wake that came before the wait counts). */
    synchronized void await(long millis) throws InterruptedException {
        if (!woken && millis > 0) {
            wait(millis);
        }
        woken = false;
    }
}
