package uk.org.phobos.agency.cli.out;

/** How output looks: JSON or text, colour, whether stdout is a terminal, and how much detail errors get. */
public record OutputMode(boolean json, boolean color, boolean terminal, boolean verbose) {}
