package uk.org.phobos.agency.cli;

/** What one run of the command line did: its exit code and what it printed. */
record CliResult(int exitCode, String out, String err) {
    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
