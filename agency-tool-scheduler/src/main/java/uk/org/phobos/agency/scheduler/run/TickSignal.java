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
        long end = System.nanoTime() + millis * 1_000_000;
        while (!woken) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        woken = false;
    }
}
